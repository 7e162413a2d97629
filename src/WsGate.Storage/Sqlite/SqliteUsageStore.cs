using Dapper;
using WsGate.Analytics;
using WsGate.Storage.Sql;

namespace WsGate.Storage.Sqlite;

/// <summary>
/// Usage rollups are upserted (SQLite 3.24+ <c>ON CONFLICT DO UPDATE</c>) so that a flush adds to a minute already
/// written, by an earlier flush or by the same node before a restart; queries sum the minute rows in SQL.
/// </summary>
internal sealed class SqliteUsageStore(SqliteDatabase database) : IUsageStore
{
    private const string SumColumns =
        """
        COALESCE(SUM(messages_in), 0) AS MessagesIn, COALESCE(SUM(messages_out), 0) AS MessagesOut,
        COALESCE(SUM(bytes_in), 0) AS BytesIn, COALESCE(SUM(bytes_out), 0) AS BytesOut,
        COALESCE(SUM(connections_opened), 0) AS ConnectionsOpened, COALESCE(SUM(connections_closed), 0) AS ConnectionsClosed,
        COALESCE(SUM(errors), 0) AS Errors, COALESCE(SUM(throttled), 0) AS Throttled
        """;

    private const string Filter =
        """
        minute >= @From AND minute < @To
        AND (@Api IS NULL OR api = @Api COLLATE NOCASE) AND (@Application IS NULL OR application = @Application)
        AND (@Listener IS NULL OR listener = @Listener COLLATE NOCASE) AND (@Environment IS NULL OR environment = @Environment COLLATE NOCASE)
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
                        INSERT INTO usage_minutes (minute, api, application, listener, environment, messages_in, messages_out, bytes_in, bytes_out,
                                                   connections_opened, connections_closed, errors, throttled)
                        VALUES (@Minute, @Api, @Application, @Listener, @Environment, @MessagesIn, @MessagesOut, @BytesIn, @BytesOut,
                                @ConnectionsOpened, @ConnectionsClosed, @Errors, @Throttled)
                        ON CONFLICT (minute, api, application, listener, environment) DO UPDATE SET
                            messages_in = messages_in + excluded.messages_in, messages_out = messages_out + excluded.messages_out,
                            bytes_in = bytes_in + excluded.bytes_in, bytes_out = bytes_out + excluded.bytes_out,
                            connections_opened = connections_opened + excluded.connections_opened,
                            connections_closed = connections_closed + excluded.connections_closed,
                            errors = errors + excluded.errors, throttled = throttled + excluded.throttled
                        """,
                        UsageSql.RollupParameters(rollup, SqlDialect.Sqlite),
                        t,
                        cancellationToken: cancellationToken));
                    foreach (var (code, count) in rollup.CloseCodes)
                    {
                        await c.ExecuteAsync(new CommandDefinition(
                            """
                            INSERT INTO usage_close_codes (minute, api, application, listener, environment, code, count)
                            VALUES (@Minute, @Api, @Application, @Listener, @Environment, @Code, @Count)
                            ON CONFLICT (minute, api, application, listener, environment, code) DO UPDATE SET count = count + excluded.count
                            """,
                            UsageSql.CloseCodeParameters(rollup, code, count, SqlDialect.Sqlite),
                            t,
                            cancellationToken: cancellationToken));
                    }
                }

                foreach (var failure in failures)
                {
                    await c.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO failures (at, kind, listener, api, application, status, reason) VALUES (@At, @Kind, @Listener, @Api, @Application, @Status, @Reason)",
                        new { At = SqlTime.Format(failure.At), failure.Kind, failure.Listener, failure.Api, failure.Application, failure.Status, failure.Reason },
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
            GROUP BY Bucket, GroupValue ORDER BY Bucket, GroupValue
            """;
        return database.ReadAsync<IReadOnlyList<UsagePoint>>(
            async c => (await c.QueryAsync<UsagePointRow>(new CommandDefinition(sql, UsageSql.QueryParameters(query, SqlDialect.Sqlite), cancellationToken: cancellationToken)))
                .Select(r => r.ToPoint(SqlDialect.Sqlite))
                .Where(p => !p.Counts.IsZero)
                .ToList(),
            cancellationToken);
    }

    public Task<IReadOnlyList<UsagePoint>> TopAsync(UsageQuery query, UsageMetric by, int limit, CancellationToken cancellationToken = default)
    {
        var group = UsageSql.GroupColumn(query.GroupBy == UsageGrouping.None ? UsageGrouping.Application : query.GroupBy);
        var rank = by switch
        {
            UsageMetric.Messages => "MessagesIn + MessagesOut",
            UsageMetric.Bytes => "BytesIn + BytesOut",
            UsageMetric.Connections => "ConnectionsOpened",
            UsageMetric.Errors => "Errors",
            _ => "Throttled",
        };
        var sql = $"""
            SELECT NULL AS Bucket, {group} AS GroupValue, {SumColumns}
            FROM usage_minutes WHERE {Filter}
            GROUP BY GroupValue HAVING {rank} > 0 ORDER BY {rank} DESC, GroupValue LIMIT @Limit
            """;
        var parameters = UsageSql.QueryParameters(query, SqlDialect.Sqlite);
        parameters.Add("Limit", Math.Clamp(limit, 1, 1000));
        return database.ReadAsync<IReadOnlyList<UsagePoint>>(
            async c => (await c.QueryAsync<UsagePointRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)))
                .Select(r => r.ToPoint(SqlDialect.Sqlite))
                .ToList(),
            cancellationToken);
    }

    public Task<IReadOnlyList<CloseCodeCount>> CloseCodesAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        var group = UsageSql.GroupColumn(query.GroupBy);
        var sql = $"""
            SELECT {group} AS GroupValue, code AS Code, SUM(count) AS Count
            FROM usage_close_codes WHERE {Filter}
            GROUP BY GroupValue, code ORDER BY GroupValue, Count DESC, code
            """;
        return database.ReadAsync<IReadOnlyList<CloseCodeCount>>(
            async c => (await c.QueryAsync<UsageCodeRow>(new CommandDefinition(sql, UsageSql.QueryParameters(query, SqlDialect.Sqlite), cancellationToken: cancellationToken)))
                .Select(r => r.ToCount())
                .ToList(),
            cancellationToken);
    }

    public Task<IReadOnlyList<FailureRecord>> QueryFailuresAsync(FailureQuery query, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<FailureRecord>>(
            async c => (await c.QueryAsync<(long Id, string At, string Kind, string Listener, string Api, string Application, long? Status, string Reason)>(new CommandDefinition(
                    """
                    SELECT id, at, kind, listener, api, application, status, reason FROM failures
                    WHERE (@From IS NULL OR at >= @From) AND (@To IS NULL OR at < @To)
                      AND (@Kind IS NULL OR kind = @Kind) AND (@Api IS NULL OR api = @Api COLLATE NOCASE)
                    ORDER BY id DESC LIMIT @Limit
                    """,
                    new
                    {
                        From = query.From is { } from ? SqlTime.Format(from) : null,
                        To = query.To is { } to ? SqlTime.Format(to) : null,
                        query.Kind,
                        query.Api,
                        Limit = Math.Clamp(query.Limit, 1, 10_000),
                    },
                    cancellationToken: cancellationToken)))
                .Select(r => new FailureRecord(r.Id, SqlTime.Parse(r.At), r.Kind, r.Listener, r.Api, r.Application, r.Status is { } s ? (int)s : null, r.Reason))
                .ToList(),
            cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) =>
            {
                var at = SqlTime.Format(before);
                var removed = await c.ExecuteAsync(new CommandDefinition("DELETE FROM usage_minutes WHERE minute < @At", new { At = at }, t, cancellationToken: cancellationToken));
                removed += await c.ExecuteAsync(new CommandDefinition("DELETE FROM usage_close_codes WHERE minute < @At", new { At = at }, t, cancellationToken: cancellationToken));
                removed += await c.ExecuteAsync(new CommandDefinition("DELETE FROM failures WHERE at < @At", new { At = at }, t, cancellationToken: cancellationToken));
                return removed;
            },
            cancellationToken);

    /// <summary>Minute keys are stored whole-minute in the sortable <see cref="SqlTime"/> form, so a bucket is a prefix of it.</summary>
    private static string BucketExpression(UsageInterval interval) => interval switch
    {
        UsageInterval.Minute => "minute",
        UsageInterval.Hour => "substr(minute, 1, 13) || ':00:00.0000000Z'",
        UsageInterval.Day => "substr(minute, 1, 10) || 'T00:00:00.0000000Z'",
        _ => "NULL",
    };
}
