using Dapper;
using WsGate.Analytics;

namespace WsGate.Storage.Sql;

/// <summary>
/// Usage rollups and the failure log, for both backends. Rollups are upserted (<c>ON CONFLICT DO UPDATE</c>) so that a
/// flush adds to a minute already written, by an earlier flush, by this node before a restart or by another node of a
/// cluster; queries sum the minute rows in SQL. What differs between SQLite and PostgreSQL comes from
/// <see cref="SqlDialect"/>: time values, truncating to an hour or a day, the case-insensitive collation.
/// </summary>
internal sealed class UsageStore : IUsageStore
{
    private const string SumColumns =
        """
        CAST(COALESCE(SUM(messages_in), 0) AS BIGINT) AS MessagesIn, CAST(COALESCE(SUM(messages_out), 0) AS BIGINT) AS MessagesOut,
        CAST(COALESCE(SUM(bytes_in), 0) AS BIGINT) AS BytesIn, CAST(COALESCE(SUM(bytes_out), 0) AS BIGINT) AS BytesOut,
        CAST(COALESCE(SUM(connections_opened), 0) AS BIGINT) AS ConnectionsOpened,
        CAST(COALESCE(SUM(connections_closed), 0) AS BIGINT) AS ConnectionsClosed,
        CAST(COALESCE(SUM(errors), 0) AS BIGINT) AS Errors, CAST(COALESCE(SUM(throttled), 0) AS BIGINT) AS Throttled
        """;

    private readonly ISqlDatabase _database;
    private readonly SqlDialect _dialect;

    // API, listener and environment names compare ignoring case; application ids exactly.
    private readonly string _filter;

    public UsageStore(ISqlDatabase database, SqlDialect dialect)
    {
        _database = database;
        _dialect = dialect;
        _filter =
            $"""
            minute >= @From AND minute < @To
            AND (CAST(@Api AS TEXT) IS NULL OR api = @Api COLLATE {dialect.NoCase})
            AND (CAST(@Application AS TEXT) IS NULL OR application = @Application)
            AND (CAST(@Listener AS TEXT) IS NULL OR listener = @Listener COLLATE {dialect.NoCase})
            AND (CAST(@Environment AS TEXT) IS NULL OR environment = @Environment COLLATE {dialect.NoCase})
            """;
    }

    public Task AddAsync(IReadOnlyCollection<UsageRollup> rollups, IReadOnlyCollection<FailureRecord> failures, CancellationToken cancellationToken = default)
    {
        if (rollups.Count == 0 && failures.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _database.WriteAsync(
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
                        UsageSql.RollupParameters(rollup, _dialect),
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
                            UsageSql.CloseCodeParameters(rollup, code, count, _dialect),
                            t,
                            cancellationToken: cancellationToken));
                    }
                }

                foreach (var failure in failures)
                {
                    await c.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO failures (at, kind, listener, api, application, status, reason) VALUES (@At, @Kind, @Listener, @Api, @Application, @Status, @Reason)",
                        new { At = _dialect.Time(failure.At), failure.Kind, failure.Listener, failure.Api, failure.Application, failure.Status, failure.Reason },
                        t,
                        cancellationToken: cancellationToken));
                }

                return 0;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<UsagePoint>> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        var bucket = query.Interval switch
        {
            UsageInterval.Minute => "minute",
            UsageInterval.Hour => _dialect.TruncateTime("minute", "hour"),
            UsageInterval.Day => _dialect.TruncateTime("minute", "day"),
            _ => $"CAST(NULL AS {_dialect.TimeType})",
        };
        var group = UsageSql.GroupColumn(query.GroupBy);
        var sql = $"""
            SELECT {bucket} AS Bucket, {group} AS GroupValue, {SumColumns}
            FROM usage_minutes WHERE {_filter}
            GROUP BY 1, 2 ORDER BY 1, 2
            """;
        return _database.ReadAsync<IReadOnlyList<UsagePoint>>(
            async c => (await c.QueryAsync<UsagePointRow>(new CommandDefinition(sql, UsageSql.QueryParameters(query, _dialect), cancellationToken: cancellationToken)))
                .Select(r => r.ToPoint(_dialect))
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
            SELECT CAST(NULL AS {_dialect.TimeType}) AS Bucket, {group} AS GroupValue, {SumColumns}
            FROM usage_minutes WHERE {_filter}
            GROUP BY 2 HAVING {rank} > 0 ORDER BY {rank} DESC, 2 LIMIT @Limit
            """;
        var parameters = UsageSql.QueryParameters(query, _dialect);
        parameters.Add("Limit", Math.Clamp(limit, 1, 1000));
        return _database.ReadAsync<IReadOnlyList<UsagePoint>>(
            async c => (await c.QueryAsync<UsagePointRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)))
                .Select(r => r.ToPoint(_dialect))
                .ToList(),
            cancellationToken);
    }

    public Task<IReadOnlyList<CloseCodeCount>> CloseCodesAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        var group = UsageSql.GroupColumn(query.GroupBy);
        var sql = $"""
            SELECT {group} AS GroupValue, code AS Code, CAST(SUM(count) AS BIGINT) AS Count
            FROM usage_close_codes WHERE {_filter}
            GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2
            """;
        return _database.ReadAsync<IReadOnlyList<CloseCodeCount>>(
            async c => (await c.QueryAsync<UsageCodeRow>(new CommandDefinition(sql, UsageSql.QueryParameters(query, _dialect), cancellationToken: cancellationToken)))
                .Select(r => r.ToCount())
                .ToList(),
            cancellationToken);
    }

    public Task<IReadOnlyList<FailureRecord>> QueryFailuresAsync(FailureQuery query, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<FailureRecord>>(
            async c => (await c.QueryAsync<FailureRow>(new CommandDefinition(
                    $"""
                    SELECT id AS Id, at AS At, kind AS Kind, listener AS Listener, api AS Api, application AS Application,
                           CAST(status AS BIGINT) AS Status, reason AS Reason
                    FROM failures
                    WHERE {_dialect.OptionalWindow("at")}
                      AND (CAST(@Kind AS TEXT) IS NULL OR kind = @Kind) AND (CAST(@Api AS TEXT) IS NULL OR api = @Api COLLATE {_dialect.NoCase})
                    ORDER BY id DESC LIMIT @Limit
                    """,
                    new
                    {
                        From = query.From is { } from ? _dialect.Time(from) : null,
                        To = query.To is { } to ? _dialect.Time(to) : null,
                        query.Kind,
                        query.Api,
                        Limit = Math.Clamp(query.Limit, 1, 10_000),
                    },
                    cancellationToken: cancellationToken)))
                .Select(r => r.ToRecord(_dialect))
                .ToList(),
            cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            async (c, t) =>
            {
                var at = _dialect.Time(before);
                var removed = await c.ExecuteAsync(new CommandDefinition("DELETE FROM usage_minutes WHERE minute < @At", new { At = at }, t, cancellationToken: cancellationToken));
                removed += await c.ExecuteAsync(new CommandDefinition("DELETE FROM usage_close_codes WHERE minute < @At", new { At = at }, t, cancellationToken: cancellationToken));
                removed += await c.ExecuteAsync(new CommandDefinition("DELETE FROM failures WHERE at < @At", new { At = at }, t, cancellationToken: cancellationToken));
                return removed;
            },
            cancellationToken);
}
