using System.Globalization;
using WsGate.Analytics;

namespace WsGate.Admin.Console.Analytics;

/// <summary>
/// The time range the analytics page shows: the last hour, 24 hours or 7 days up to the end of the current minute, or a
/// custom from-to in UTC; and the bucket size that gives a readable chart for it (minutes up to 6 hours, hours up to
/// 7 days, days beyond).
/// </summary>
public sealed record AnalyticsRange(DateTimeOffset From, DateTimeOffset To, UsageInterval Interval)
{
    public const string InputFormat = "yyyy-MM-ddTHH:mm";

    public TimeSpan Step => Interval switch
    {
        UsageInterval.Minute => TimeSpan.FromMinutes(1),
        UsageInterval.Hour => TimeSpan.FromHours(1),
        _ => TimeSpan.FromDays(1),
    };

    /// <summary>
    /// The range for <paramref name="range"/> (<c>1h</c>, <c>24h</c>, <c>7d</c> or <c>custom</c>); a custom range that
    /// does not parse or is empty gives an error naming its field and falls back to the last hour.
    /// </summary>
    public static AnalyticsRange Parse(string? range, string? from, string? to, DateTimeOffset now, out string? field, out string? error)
    {
        field = null;
        error = null;
        var end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
        switch (range)
        {
            case "24h":
                return Of(end.AddHours(-24), end);
            case "7d":
                return Of(end.AddDays(-7), end);
            case "custom":
                if (!TryParseInput(from, out var start))
                {
                    (field, error) = ("From", $"'{from}' is not a time such as {now.UtcDateTime.ToString(InputFormat, CultureInfo.InvariantCulture)} (UTC)");
                }
                else if (!TryParseInput(to, out var stop))
                {
                    (field, error) = ("To", $"'{to}' is not a time such as {now.UtcDateTime.ToString(InputFormat, CultureInfo.InvariantCulture)} (UTC)");
                }
                else if (start >= stop)
                {
                    (field, error) = ("From", "must be before to");
                }
                else if (stop - start > TimeSpan.FromDays(366))
                {
                    (field, error) = ("From", "a range covers at most 366 days");
                }
                else
                {
                    return Of(start, stop);
                }

                return Of(end.AddHours(-1), end);
            default:
                return Of(end.AddHours(-1), end);
        }
    }

    private static AnalyticsRange Of(DateTimeOffset from, DateTimeOffset to)
    {
        var span = to - from;
        var interval = span <= TimeSpan.FromHours(6) ? UsageInterval.Minute : span <= TimeSpan.FromDays(7) ? UsageInterval.Hour : UsageInterval.Day;
        return new AnalyticsRange(from, to, interval);
    }

    private static bool TryParseInput(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
