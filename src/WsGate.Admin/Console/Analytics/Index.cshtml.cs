using WsGate.Analytics;
using WsGate.Storage;

namespace WsGate.Admin.Console.Analytics;

/// <summary>
/// Usage from the per-minute rollups over a chosen range: messages and bytes over time by API, application, listener or
/// environment, top consumers, how connections closed, and the recent failures with their reasons, as
/// <c>/api/v1/analytics/*</c> answer them.
/// </summary>
public sealed class IndexModel(IUsageStore store, FailureLog failures, TimeProvider time) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/analytics/usage";

    /// <summary><c>1h</c>, <c>24h</c>, <c>7d</c> or <c>custom</c>.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string Range { get; set; } = "1h";

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public UsageGrouping GroupBy { get; set; } = UsageGrouping.Api;

    public AnalyticsRange Window { get; private set; } = null!;

    public UsageChart Messages { get; private set; } = null!;

    public UsageChart Bytes { get; private set; } = null!;

    public UsageCounts Totals { get; private set; } = UsageCounts.Zero;

    public IReadOnlyList<UsagePoint> TopConsumers { get; private set; } = [];

    public IReadOnlyList<CloseCodeCount> CloseCodes { get; private set; } = [];

    public IReadOnlyList<FailureRecord> Failures { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Window = AnalyticsRange.Parse(Range, From, To, time.GetUtcNow(), out var field, out var error);
        if (error is not null)
        {
            ModelState.AddModelError(field!, error);
        }

        if (GroupBy == UsageGrouping.None || !Enum.IsDefined(GroupBy))
        {
            GroupBy = UsageGrouping.Api;
        }

        From = Window.From.UtcDateTime.ToString(AnalyticsRange.InputFormat, System.Globalization.CultureInfo.InvariantCulture);
        To = Window.To.UtcDateTime.ToString(AnalyticsRange.InputFormat, System.Globalization.CultureInfo.InvariantCulture);

        var query = new UsageQuery(Window.From, Window.To, GroupBy, Window.Interval);
        var points = await store.QueryUsageAsync(query, ct);
        var dimension = GroupBy.ToString().ToLowerInvariant();
        Messages = UsageChart.Build($"Messages (in + out) per {Window.Interval.ToString().ToLowerInvariant()}, by {dimension}", points, Window.From, Window.To, Window.Step,
            c => c.MessagesIn + c.MessagesOut, v => UsageChart.Compact(v));
        Bytes = UsageChart.Build($"Bytes (in + out) per {Window.Interval.ToString().ToLowerInvariant()}, by {dimension}", points, Window.From, Window.To, Window.Step,
            c => c.BytesIn + c.BytesOut, v => UsageChart.Compact(v, "B"));
        Totals = points.Aggregate(UsageCounts.Zero, (sum, p) => sum.Add(p.Counts));
        TopConsumers = await store.TopAsync(query with { GroupBy = UsageGrouping.Application, Interval = UsageInterval.Total }, UsageMetric.Messages, 10, ct);
        CloseCodes = (await store.CloseCodesAsync(query with { GroupBy = UsageGrouping.None, Interval = UsageInterval.Total }, ct)).OrderByDescending(c => c.Count).ToList();
        Failures = await RecentFailuresAsync(store, failures, Window.From, Window.To, 50, ct);
    }

    /// <summary>Failures in the range, newest first: those still in memory (not yet written) and the stored ones.</summary>
    public static async Task<IReadOnlyList<FailureRecord>> RecentFailuresAsync(IUsageStore store, FailureLog log, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct)
    {
        var pending = log.Unwritten().Where(f => f.At >= from && f.At < to);
        var stored = await store.QueryFailuresAsync(new FailureQuery(from, to, Limit: limit), ct);
        return pending.Concat(stored).OrderByDescending(f => f.At).Take(limit).ToList();
    }

    public static string CloseCodeMeaning(int code) => code switch
    {
        1000 => "normal closure",
        1001 => "going away",
        1002 => "protocol error",
        1003 => "unsupported data",
        1006 => "no close frame (connection lost)",
        1007 => "invalid payload data",
        1008 => "policy violation",
        1009 => "message too big",
        1010 => "missing extension",
        1011 => "internal error",
        1012 => "service restart",
        1013 => "try again later",
        >= 3000 and <= 3999 => "registered by a library or framework",
        >= 4000 and <= 4999 => "application-defined",
        _ => "",
    };
}
