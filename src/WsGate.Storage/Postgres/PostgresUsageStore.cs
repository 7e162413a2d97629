using Dapper;
using WsGate.Analytics;
using WsGate.Storage.Sql;

namespace WsGate.Storage.Postgres;

/// <summary>
/// The PostgreSQL twin of <see cref="Sqlite.SqliteUsageStore"/>: rollups are upserted so that a flush adds to a minute
/// already written (by an earlier flush, by this node before a restart, or by another node of the cluster), and queries
/// sum the minute rows in SQL. Buckets are truncated in UTC whatever the session's time zone.
/// </summary>
internal sealed class PostgresUsageStore(PostgresDatabase database) : IUsageStore
{
    private const string SumColumns =
        """
        COALESCE(SUM(messages_in), 0)::bigint AS MessagesIn, COALESCE(SUM(messages_out), 0)::bigint AS MessagesOut,
        COALESCE(SUM(bytes_in), 0)::bigint AS BytesIn, COALESCE(SUM(bytes_out), 0)::bigint AS BytesOut,
        COALESCE(SUM(connections_opened), 0)::bigint AS ConnectionsOpened, COALESCE(SUM(connections_closed), 0)::bigint AS ConnectionsClosed,
        COALESCE(SUM(errors), 0)::bigint AS Errors, COALESCE(SUM(throttled), 0)::bigint AS Throttled
        """;

    // API, listener and environment names compare ignoring case, as on SQLite (COLLATE NOCASE); application ids exactly.
    private const string Filter =
        """
        minute >= @From AND minute < @To
        AND (@Api::text IS NULL OR api = @Api COLLATE wsgate_nocase) AND (@Application::text IS NULL OR application = @Application)
        AND (@Listener::text IS NULL OR listener = @Listener COLLATE wsgate_nocase)
        AND (@Environment::text IS NULL OR environment = @Environment COLLATE wsgate_nocase)
        """;

    public Task AddAsync(IReadOnlyCollection<UsageRollup> rollups, IReadOnlyCollection<FailureRecord> failures, CancellationToken cancellationToken = default)
    {
        if (rollups.Count == 0 && failures.Count == 0)
        {
            return Task.CompletedTask;
        }

        return database.WriteAsync(
            async (c, t) =>
            {
                foreach (var rollup in rollups)
                {
                    await c.ExecuteAsync(new CommandDefinition(
                        """
                        INSERT INTO usage_minutes AS u (minute, api, application, listener, environment, messages_in, messages_out, bytes_in, bytes_out,
                                                        connections_opened, connections_closed, errors, throttled)
                        VALUES (@Minute, @Api, @Application, @Listener, @Environment, @MessagesIn, @MessagesOut, @BytesIn, @BytesOut,
                                @ConnectionsOpened, @ConnectionsClosed, @Errors, @Throttled)
                        ON CONFLICT (minute, api, application, listener, environment) DO UPDATE SET
                            messages_in = u.messages_in + excluded.messages_in, messages_out = u.messages_out + excluded.messages_out,
                            bytes_in = u.bytes_in + excluded.bytes_in, bytes_out = u.bytes_out + excluded.bytes_out,
                            connections_opened = u.connections_opened + excluded.connections_opened,
                            connections_closed = u.connections_closed + excluded.connections_closed,
                            errors = u.errors + excluded.errors, throttled = u.throttled + excluded.throttled
                        """,
                        UsageSql.RollupParameters(rollup, SqlDialect.Postgres),
                        t,
                        cancellationToken: cancellationToken));
                    foreach (var (code, count) in rollup.CloseCodes)
                    {
                        await c.ExecuteAsync(new CommandDefinition(
                            """
                            INSERT INTO usage_close_codes AS u (minute, api, application, listener, environment, code, count)
                            VALUES (@Minute, @Api, @Application, @Listener, @Environment, @Code, @Count)
                            ON CONFLICT (minute, api, application, listener, environment, code) DO UPDATE SET count = u.count + excluded.count
                            """,
                            UsageSql.CloseCodeParameters(rollup, code, count, SqlDialect.Postgres),
                            t,
                            cancellationToken: cancellationToken));
                    }
                }

                foreach (var failure in failures)
                {
                    await c.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO failures (at, kind, listener, api, application, status, reason) VALUES (@At, @Kind, @Listener, @Api, @Application, @Status, @Reason)",
                        new { At = PgTime.Write(failure.At), failure.Kind, failure.Listener, failure.Api, failure.Application, failure.Status, failure.Reason },
                        t,
                        cancellationToken: cancellationToken));
                }

                return 0;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<UsagePoint>> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        var bucket = BucketExpression(query.Interval);
        var group = UsageSql.GroupColumn(query.GroupBy);
        var sql = $"""
            SELECT {bucket} AS Bucket, {group} AS GroupValue, {SumColumns}
            FROM usage_minutes WHERE {Filter}
            GROUP BY 1, 2 ORDER BY 1, 2
            """;
        return database.ReadAsync<IReadOnlyList<UsagePoint>>(
            async c => (await c.QueryAsync<UsagePointRow>(new CommandDefinition(sql, UsageSql.QueryParameters(query, SqlDialect.Postgres), cancellationToken: cancellationToken)))
                .Select(r => r.ToPoint(SqlDialect.Postgres))
                .Where(p => !p.Counts.IsZero)
                .ToList(),
            cancellationToken);
    }

    public Task<IReadOnlyList<UsagePoint>> TopAsync(UsageQuery query, UsageMetric by, int limit, CancellationToken cancellationToken = default)
    {
        var group = UsageSql.GroupColumn(query.GroupBy == UsageGrouping.None ? UsageGrouping.Application : query.GroupBy);
        var rank = by switch
        {
            UsageMetric.Messages => "SUM(messages_in) + SUM(messages_out)",
            UsageMetric.Bytes => "SUM(bytes_in) + SUM(bytes_out)",
            UsageMetric.Connections => "SUM(connections_opened)",
            UsageMetric.Errors => "SUM(errors)",
            _ => "SUM(throttled)",
        };
        var sql = $"""
            SELECT NULL::timestamptz AS Bucket, {group} AS GroupValue, {SumColumns}
            FROM usage_minutes WHERE {Filter}
            GROUP BY 2 HAVING {rank} > 0 ORDER BY {rank} DESC, 2 LIMIT @Limit
            """;
        var parameters = UsageSql.QueryParameters(query, SqlDialect.Postgres);
        parameters.Add("Limit", Math.Clamp(limit, 1, 1000));
        return database.ReadAsync<IReadOnlyList<UsagePoint>>(
            async c => (await c.QueryAsync<UsagePointRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)))
                .Select(r => r.ToPoint(SqlDialect.Postgres))
                .ToList(),
            cancellationToken);
    }

    public Task<IReadOnlyList<CloseCodeCount>> CloseCodesAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        var group = UsageSql.GroupColumn(query.GroupBy);
        var sql = $"""
            SELECT {group} AS GroupValue, code AS Code, SUM(count)::bigint AS Count
            FROM usage_close_codes WHERE {Filter}
            GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2
            """;
        return database.ReadAsync<IReadOnlyList<CloseCodeCount>>(
            async c => (await c.QueryAsync<UsageCodeRow>(new CommandDefinition(sql, UsageSql.QueryParameters(query, SqlDialect.Postgres), cancellationToken: cancellationToken)))
                .Select(r => r.ToCount())
                .ToList(),
            cancellationToken);
    }

    public Task<IReadOnlyList<FailureRecord>> QueryFailuresAsync(FailureQuery query, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<FailureRecord>>(
            async c => (await c.QueryAsync<(long Id, DateTime At, string Kind, string Listener, string Api, string Application, int? Status, string Reason)>(new CommandDefinition(
                    """
                    SELECT id, at, kind, listener, api, application, status, reason FROM failures
                    WHERE (@From::timestamptz IS NULL OR at >= @From) AND (@To::timestamptz IS NULL OR at < @To)
                      AND (@Kind::text IS NULL OR kind = @Kind) AND (@Api::text IS NULL OR api = @Api COLLATE wsgate_nocase)
                    ORDER BY id DESC LIMIT @Limit
                    """,
                    new
                    {
                        From = PgTime.Write(query.From),
                        To = PgTime.Write(query.To),
                        query.Kind,
                        query.Api,
                        Limit = Math.Clamp(query.Limit, 1, 10_000),
                    },
                    cancellationToken: cancellationToken)))
                .Select(r => new FailureRecord(r.Id, PgTime.Read(r.At), r.Kind, r.Listener, r.Api, r.Application, r.Status, r.Reason))
                .ToList(),
            cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) =>
            {
                var at = PgTime.Write(before);
                var removed = await c.ExecuteAsync(new CommandDefinition("DELETE FROM usage_minutes WHERE minute < @At", new { At = at }, t, cancellationToken: cancellationToken));
                removed += await c.ExecuteAsync(new CommandDefinition("DELETE FROM usage_close_codes WHERE minute < @At", new { At = at }, t, cancellationToken: cancellationToken));
                removed += await c.ExecuteAsync(new CommandDefinition("DELETE FROM failures WHERE at < @At", new { At = at }, t, cancellationToken: cancellationToken));
                return removed;
            },
            cancellationToken);

    private static string BucketExpression(UsageInterval interval) => interval switch
    {
        UsageInterval.Minute => "minute",
        UsageInterval.Hour => "date_trunc('hour', minute, 'UTC')",
        UsageInterval.Day => "date_trunc('day', minute, 'UTC')",
        _ => "NULL::timestamptz",
    };
}
