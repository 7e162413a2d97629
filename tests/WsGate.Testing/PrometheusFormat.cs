using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace WsGate.Testing;

/// <summary>
/// An independent, strict reader of the Prometheus text exposition format 0.0.4, for tests: it checks every line
/// (HELP and TYPE comments, metric and label name syntax, label value escaping, float values) and every family's
/// rules (counters never negative; histograms with cumulative <c>_bucket</c> lines carrying <c>le</c>, ending at
/// <c>+Inf</c> equal to <c>_count</c>, and a <c>_sum</c>), and throws naming the first line that breaks one.
/// </summary>
public static partial class PrometheusFormat
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string Help, string Type, IReadOnlyList<Sample> Samples);

    public static IReadOnlyDictionary<string, Family> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        var families = new Dictionary<string, (string? Help, string? Type, List<Sample> Samples)>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            string Where() => $"line {n + 1} '{line}'";
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var comment = CommentLine().Match(line);
                if (!comment.Success)
                {
                    if (line.StartsWith("# HELP", StringComparison.Ordinal) || line.StartsWith("# TYPE", StringComparison.Ordinal))
                    {
                        throw new FormatException($"{Where()}: malformed HELP or TYPE line");
                    }

                    continue;
                }

                var name = comment.Groups["name"].Value;
                var rest = comment.Groups["rest"].Value;
                Switch(name);
                var family = families[name];
                if (comment.Groups["kind"].Value == "HELP")
                {
                    if (family.Help is not null)
                    {
                        throw new FormatException($"{Where()}: a second HELP for {name}");
                    }

                    CheckEscapes(rest, allowQuote: false, Where());
                    families[name] = (rest, family.Type, family.Samples);
                }
                else
                {
                    if (family.Type is not null)
                    {
                        throw new FormatException($"{Where()}: a second TYPE for {name}");
                    }

                    if (family.Samples.Count > 0)
                    {
                        throw new FormatException($"{Where()}: TYPE must come before the family's samples");
                    }

                    if (rest is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                    {
                        throw new FormatException($"{Where()}: unknown type '{rest}'");
                    }

                    families[name] = (family.Help, rest, family.Samples);
                }

                continue;
            }

            var sample = ParseSample(line, Where());
            var owner = FamilyOf(sample.Name, families);
            Switch(owner);
            families[owner].Samples.Add(sample);
        }

        var result = new Dictionary<string, Family>(StringComparer.Ordinal);
        foreach (var (name, (help, type, samples)) in families)
        {
            var family = new Family(name, help ?? "", type ?? "untyped", samples);
            CheckFamily(family);
            result[name] = family;
        }

        return result;

        // A family's lines are contiguous: once another family starts, it cannot come back.
        void Switch(string name)
        {
            if (current == name)
            {
                return;
            }

            if (current is not null)
            {
                finished.Add(current);
            }

            if (finished.Contains(name))
            {
                throw new FormatException($"the lines of {name} are not together");
            }

            current = name;
            families.TryAdd(name, (null, null, []));
        }
    }

    private static string FamilyOf(string sampleName, Dictionary<string, (string? Help, string? Type, List<Sample> Samples)> families)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal))
            {
                var base_ = sampleName[..^suffix.Length];
                if (families.TryGetValue(base_, out var f) && f.Type is "histogram" or "summary")
                {
                    return base_;
                }
            }
        }

        return sampleName;
    }

    private static Sample ParseSample(string line, string where)
    {
        var match = SampleLine().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"{where}: not 'name{{labels}} value'");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var body = match.Groups["labels"].Value;
        var position = 0;
        while (position < body.Length)
        {
            var label = LabelPair().Match(body, position);
            if (!label.Success || label.Index != position)
            {
                throw new FormatException($"{where}: bad label syntax at '{body[position..]}'");
            }

            var raw = label.Groups["value"].Value;
            CheckEscapes(raw, allowQuote: true, where);
            if (!labels.TryAdd(label.Groups["name"].Value, Unescape(raw)))
            {
                throw new FormatException($"{where}: label {label.Groups["name"].Value} repeated");
            }

            position += label.Length;
            if (position < body.Length)
            {
                if (body[position] != ',')
                {
                    throw new FormatException($"{where}: labels must be separated by commas");
                }

                position++;
            }
        }

        return new Sample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value, where));
    }

    private static void CheckFamily(Family family)
    {
        if (family.Type == "counter")
        {
            foreach (var sample in family.Samples)
            {
                if (sample.Name != family.Name || sample.Value < 0 || double.IsNaN(sample.Value))
                {
                    throw new FormatException($"counter {family.Name}: sample {sample.Name} = {sample.Value} is not a non-negative value of the family");
                }
            }
        }

        if (family.Type != "histogram")
        {
            return;
        }

        foreach (var series in family.Samples.GroupBy(s => LabelKey(s.Labels.Where(l => l.Key != "le"))))
        {
            var buckets = series.Where(s => s.Name == family.Name + "_bucket").ToList();
            var sums = series.Where(s => s.Name == family.Name + "_sum").ToList();
            var counts = series.Where(s => s.Name == family.Name + "_count").ToList();
            if (buckets.Count == 0 || sums.Count != 1 || counts.Count != 1 || buckets.Count + 2 != series.Count())
            {
                throw new FormatException($"histogram {family.Name}{{{series.Key}}}: needs _bucket lines, one _sum and one _count");
            }

            var previousBound = double.NegativeInfinity;
            var previousCount = 0.0;
            foreach (var bucket in buckets)
            {
                if (!bucket.Labels.TryGetValue("le", out var le))
                {
                    throw new FormatException($"histogram {family.Name}: a _bucket without le");
                }

                var bound = ParseValue(le, $"le of {family.Name}");
                if (bound <= previousBound || bucket.Value < previousCount)
                {
                    throw new FormatException($"histogram {family.Name}: buckets must rise in le and be cumulative");
                }

                previousBound = bound;
                previousCount = bucket.Value;
            }

            if (buckets[^1].Labels["le"] != "+Inf" || buckets[^1].Value != counts[0].Value)
            {
                throw new FormatException($"histogram {family.Name}: the last bucket must be le=\"+Inf\" and equal _count");
            }
        }
    }

    private static string LabelKey(IEnumerable<KeyValuePair<string, string>> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));

    private static double ParseValue(string text, string where) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when FloatValue().IsMatch(text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"{where}: '{text}' is not a float"),
    };

    /// <summary>Only <c>\\</c>, <c>\n</c> (and in label values <c>\"</c>) may follow a backslash; a raw line feed cannot appear at all.</summary>
    private static void CheckEscapes(string text, bool allowQuote, string where)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                if (next is not ('\\' or 'n') && !(allowQuote && next == '"'))
                {
                    throw new FormatException($"{where}: bad escape at position {i}");
                }

                i++;
            }
            else if (allowQuote && text[i] == '"')
            {
                throw new FormatException($"{where}: unescaped double quote in a label value");
            }
        }
    }

    private static string Unescape(string raw)
    {
        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\')
            {
                i++;
                text.Append(raw[i] == 'n' ? '\n' : raw[i]);
            }
            else
            {
                text.Append(raw[i]);
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<rest>.*)$")]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^\n]*)\})? (?<value>\S+)( -?[0-9]+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();

    [GeneratedRegex(@"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatValue();
}
