using Dapper;
using WsGate.Analytics;

namespace WsGate.Storage.Sql;

/// <summary>
/// The parameters and fixed fragments of <see cref="UsageStore"/>'s statements: minute keys, the grouping column and
/// the filter parameters.
/// </summary>
internal static class UsageSql
{
    /// <summary>The column a grouping reads; only these fixed names ever reach the SQL text.</summary>
    public static string GroupColumn(UsageGrouping grouping) => grouping switch
    {
        UsageGrouping.Api => "api",
        UsageGrouping.Application => "application",
        UsageGrouping.Listener => "listener",
        UsageGrouping.Environment => "environment",
        _ => "CAST(NULL AS TEXT)",
    };

    /// <summary>The parameters the stores' shared <c>Filter</c> reads: the window and the optional names.</summary>
    public static DynamicParameters QueryParameters(UsageQuery query, SqlDialect dialect)
    {
        var parameters = new DynamicParameters();
        parameters.Add("From", dialect.Time(query.From));
        parameters.Add("To", dialect.Time(query.To));
        parameters.Add("Api", query.Api);
        parameters.Add("Application", query.Application);
        parameters.Add("Listener", query.Listener);
        parameters.Add("Environment", query.Environment);
        return parameters;
    }

    /// <summary>
    /// The parameters of a rollup's <c>usage_minutes</c> upsert: its key (the minute truncated and written in the
    /// backend's time form) and its counts.
    /// </summary>
    public static DynamicParameters RollupParameters(UsageRollup rollup, SqlDialect dialect)
    {
        var parameters = KeyParameters(rollup, dialect);
        var counts = rollup.Counts;
        parameters.Add("MessagesIn", counts.MessagesIn);
        parameters.Add("MessagesOut", counts.MessagesOut);
        parameters.Add("BytesIn", counts.BytesIn);
        parameters.Add("BytesOut", counts.BytesOut);
        parameters.Add("ConnectionsOpened", counts.ConnectionsOpened);
        parameters.Add("ConnectionsClosed", counts.ConnectionsClosed);
        parameters.Add("Errors", counts.Errors);
        parameters.Add("Throttled", counts.Throttled);
        return parameters;
    }

    /// <summary>The parameters of one <c>usage_close_codes</c> upsert: the rollup's key, the code and its count.</summary>
    public static DynamicParameters CloseCodeParameters(UsageRollup rollup, int code, long count, SqlDialect dialect)
    {
        var parameters = KeyParameters(rollup, dialect);
        parameters.Add("Code", code);
        parameters.Add("Count", count);
        return parameters;
    }

    public static DateTimeOffset TruncateToMinute(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }

    private static DynamicParameters KeyParameters(UsageRollup rollup, SqlDialect dialect)
    {
        var parameters = new DynamicParameters();
        parameters.Add("Minute", dialect.Time(TruncateToMinute(rollup.Minute)));
        parameters.Add("Api", rollup.Key.Api);
        parameters.Add("Application", rollup.Key.Application);
        parameters.Add("Listener", rollup.Key.Listener);
        parameters.Add("Environment", rollup.Key.Environment);
        return parameters;
    }
}
