using Dapper;
using WsGate.Analytics;

namespace WsGate.Storage.Sql;

/// <summary>
/// The parts of the usage statements both backends build the same way: minute keys, the grouping column and the filter
/// parameters. The statements themselves stay in each store, as their upserts and bucket arithmetic differ.
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

    public static DateTimeOffset TruncateToMinute(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }
}
