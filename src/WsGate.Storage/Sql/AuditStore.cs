using Dapper;
using WsGate.Identity;

namespace WsGate.Storage.Sql;

/// <summary>The audit log of admin actions, for both backends; actors and targets compare ignoring case.</summary>
internal sealed class AuditStore(ISqlDatabase database, SqlDialect dialect) : IAuditStore
{
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO audit_log (at, actor, remote, action, target, outcome) VALUES (@At, @Actor, @Remote, @Action, @Target, @Outcome)",
                new { At = dialect.Time(entry.At), entry.Actor, entry.Remote, entry.Action, entry.Target, entry.Outcome },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<AuditEntry>>(
            async c => (await c.QueryAsync<AuditRow>(new CommandDefinition(
                    $"""
                    SELECT id AS Id, at AS At, actor AS Actor, remote AS Remote, action AS Action, target AS Target, CAST(outcome AS BIGINT) AS Outcome
                    FROM audit_log
                    WHERE {dialect.OptionalWindow("at")}
                      AND (CAST(@Actor AS TEXT) IS NULL OR actor = @Actor COLLATE {dialect.NoCase})
                      AND (CAST(@Target AS TEXT) IS NULL OR target = @Target COLLATE {dialect.NoCase})
                    ORDER BY id DESC LIMIT @Limit
                    """,
                    new
                    {
                        From = query.From is { } from ? dialect.Time(from) : null,
                        To = query.To is { } to ? dialect.Time(to) : null,
                        query.Actor,
                        query.Target,
                        Limit = Math.Clamp(query.Limit, 1, 10_000),
                    },
                    cancellationToken: cancellationToken)))
                .Select(r => new AuditEntry(r.Id, dialect.ReadTime(r.At), r.Actor, r.Remote, r.Action, r.Target, (int)r.Outcome))
                .ToList(),
            cancellationToken);
}
