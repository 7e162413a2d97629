using Dapper;
using WsGate.Identity;

namespace WsGate.Storage.Sqlite;

internal sealed class SqliteAuditStore(SqliteDatabase database) : IAuditStore
{
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO audit_log (at, actor, remote, action, target, outcome) VALUES (@At, @Actor, @Remote, @Action, @Target, @Outcome)",
                new { At = SqlTime.Format(entry.At), entry.Actor, entry.Remote, entry.Action, entry.Target, entry.Outcome },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<AuditEntry>>(
            async c => (await c.QueryAsync<(long Id, string At, string Actor, string? Remote, string Action, string? Target, long Outcome)>(new CommandDefinition(
                    """
                    SELECT id, at, actor, remote, action, target, outcome FROM audit_log
                    WHERE (@From IS NULL OR at >= @From) AND (@To IS NULL OR at < @To)
                      AND (@Actor IS NULL OR actor = @Actor COLLATE NOCASE) AND (@Target IS NULL OR target = @Target COLLATE NOCASE)
                    ORDER BY id DESC LIMIT @Limit
                    """,
                    new
                    {
                        From = query.From is { } from ? SqlTime.Format(from) : null,
                        To = query.To is { } to ? SqlTime.Format(to) : null,
                        query.Actor,
                        query.Target,
                        Limit = Math.Clamp(query.Limit, 1, 10_000),
                    },
                    cancellationToken: cancellationToken)))
                .Select(r => new AuditEntry(r.Id, SqlTime.Parse(r.At), r.Actor, r.Remote, r.Action, r.Target, (int)r.Outcome))
                .ToList(),
            cancellationToken);
}
