using System.Globalization;
using WsGate.Analytics;

namespace WsGate.Storage.Sql;

/// <summary>One summed row of close codes; the code is INTEGER (a long) on SQLite and an int on PostgreSQL.</summary>
internal sealed class UsageCodeRow
{
    public string? GroupValue { get; init; }

    public required object Code { get; init; }

    public long Count { get; init; }

    public CloseCodeCount ToCount() => new(GroupValue, Convert.ToInt32(Code, CultureInfo.InvariantCulture), Count);
}
