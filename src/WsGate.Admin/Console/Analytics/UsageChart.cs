using System.Globalization;
using WsGate.Analytics;

namespace WsGate.Admin.Console.Analytics;

/// <summary>
/// A line chart of one usage quantity over time, one line per group, laid out for an inline SVG (no script): the
/// buckets the store has no row for count as 0, the busiest groups get their own line and the rest are summed as
/// "other".
/// </summary>
public sealed class UsageChart
{
    public const int Width = 1000;
    public const int Height = 220;
    public const int Left = 64;
    public const int Right = 12;
    public const int Top = 10;
    public const int Bottom = 24;
    public const int MaxLines = 6;

    private static readonly string[] Colors = ["#1a73e8", "#e8710a", "#188038", "#a142f4", "#d93025", "#12a4af", "#80868b"];

    public required string Title { get; init; }

    public required IReadOnlyList<ChartSeries> Series { get; init; }

    /// <summary>Gridlines with their value label, top to bottom.</summary>
    public required IReadOnlyList<(double Y, string Label)> YTicks { get; init; }

    public required IReadOnlyList<(double X, string Label)> XTicks { get; init; }

    public bool IsEmpty => Series.Count == 0;

    /// <summary>
    /// Lays out <paramref name="points"/> (buckets of <paramref name="step"/> from <paramref name="from"/> to
    /// <paramref name="to"/>), measuring each bucket with <paramref name="measure"/>.
    /// </summary>
    public static UsageChart Build(string title, IReadOnlyList<UsagePoint> points, DateTimeOffset from, DateTimeOffset to, TimeSpan step, Func<UsageCounts, long> measure, Func<double, string> format)
    {
        var starts = BucketStarts(from, to, step);
        var index = starts.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        var byGroup = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            if (point.Start is not { } start || !index.TryGetValue(start.ToUniversalTime(), out var i))
            {
                continue;
            }

            var group = GroupLabel(point.Group);
            if (!byGroup.TryGetValue(group, out var values))
            {
                byGroup[group] = values = new long[starts.Count];
            }

            values[i] += measure(point.Counts);
        }

        var ranked = byGroup.Select(g => (Name: g.Key, Values: g.Value, Total: g.Value.Sum()))
            .Where(g => g.Total > 0)
            .OrderByDescending(g => g.Total).ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToList();
        if (ranked.Count > MaxLines)
        {
            var rest = ranked.Skip(MaxLines - 1).ToList();
            var other = new long[starts.Count];
            foreach (var g in rest)
            {
                for (var i = 0; i < other.Length; i++)
                {
                    other[i] += g.Values[i];
                }
            }

            ranked = [.. ranked.Take(MaxLines - 1), ($"other ({rest.Count})", other, other.Sum())];
        }

        var max = NiceCeiling(ranked.Count == 0 ? 1 : Math.Max(1, ranked.Max(g => g.Values.Max())));
        double X(int i) => starts.Count <= 1 ? Left : Left + (Width - Left - Right) * (double)i / (starts.Count - 1);
        double Y(double v) => Top + (Height - Top - Bottom) * (1 - (v / max));

        var series = ranked.Select((g, n) => new ChartSeries(
            g.Name,
            Colors[Math.Min(n, Colors.Length - 1)],
            string.Concat(g.Values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{(i == 0 ? "M" : "L")}{X(i):0.#},{Y(v):0.#}"))),
            g.Total)).ToList();
        var yTicks = Enumerable.Range(0, 5).Select(k => max * (4 - k) / 4).Select(v => (Y(v), format(v))).ToList();
        var labelEvery = Math.Max(1, (starts.Count + 5) / 6);
        var dayLabels = step >= TimeSpan.FromHours(1) && to - from > TimeSpan.FromDays(1);
        var xTicks = starts.Select((s, i) => (i, s))
            .Where(p => p.i % labelEvery == 0)
            .Select(p => (X(p.i), p.s.ToString(step >= TimeSpan.FromDays(1) || dayLabels ? "MM-dd HH:mm" : "HH:mm", CultureInfo.InvariantCulture)))
            .ToList();
        return new UsageChart { Title = title, Series = series, YTicks = yTicks, XTicks = xTicks };
    }

    /// <summary>Bucket starts from the one holding <paramref name="from"/> up to <paramref name="to"/>, aligned as the store aligns them (UTC).</summary>
    public static IReadOnlyList<DateTimeOffset> BucketStarts(DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        var ticks = from.UtcTicks - (from.UtcTicks % step.Ticks);
        var starts = new List<DateTimeOffset>();
        for (var at = new DateTimeOffset(ticks, TimeSpan.Zero); at < to; at += step)
        {
            starts.Add(at);
        }

        return starts;
    }

    /// <summary>No API, anonymous, no environment: the store's empty group value.</summary>
    public static string GroupLabel(string? group) => string.IsNullOrEmpty(group) ? "(none)" : group;

    public static double NiceCeiling(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    /// <summary>1234 as 1.2k, 5 000 000 as 5M; bytes with <paramref name="unit"/> B as kB, MB.</summary>
    public static string Compact(double value, string unit = "")
    {
        var (scaled, suffix) = value switch
        {
            >= 1e9 => (value / 1e9, "G"),
            >= 1e6 => (value / 1e6, "M"),
            >= 1e3 => (value / 1e3, "k"),
            _ => (value, ""),
        };
        var text = scaled >= 100 || scaled == Math.Floor(scaled) ? scaled.ToString("0", CultureInfo.InvariantCulture) : scaled.ToString("0.#", CultureInfo.InvariantCulture);
        return text + suffix + unit;
    }
}
