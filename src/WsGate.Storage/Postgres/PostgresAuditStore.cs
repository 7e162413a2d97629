using Dapper;
using WsGate.Identity;

namespace WsGate.Storage.Postgres;

internal sealed class PostgresAuditStore(PostgresDatabase database) : IAuditStore
{
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO audit_log (at, actor, remote, action, target, outcome) VALUES (@At, @Actor, @Remote, @Action, @Target, @Outcome)",
                new { At = PgTime.Write(entry.At), entry.Actor, entry.Remote, entry.Action, entry.Target, entry.Outcome },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<AuditEntry>>(
            async c => (await c.QueryAsync<(long Id, DateTime At, string Actor, string? Remote, string Action, string? Target, int Outcome)>(new CommandDefinition(
                    """
                    SELECT id, at, actor, remote, action, target, outcome FROM audit_log
                    WHERE (@From::timestamptz IS NULL OR at >= @From) AND (@To::timestamptz IS NULL OR at < @To)
                      AND (@Actor::text IS NULL OR actor = @Actor) AND (@Target::text IS NULL OR target = @Target)
                    ORDER BY id DESC LIMIT @Limit
                    """,
                    new
                    {
                        From = PgTime.Write(query.From),
                        To = PgTime.Write(query.To),
                        query.Actor,
                        query.Target,
                        Limit = Math.Clamp(query.Limit, 1, 10_000),
                    },
                    cancellationToken: cancellationToken)))
                .Select(r => new AuditEntry(r.Id, PgTime.Read(r.At), r.Actor, r.Remote, r.Action, r.Target, r.Outcome))
                .ToList(),
            cancellationToken);
}
