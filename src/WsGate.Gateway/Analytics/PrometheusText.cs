using System.Globalization;
using System.Text;

namespace WsGate.Analytics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4: a <c># HELP</c> and a <c># TYPE</c> line per
/// family, then one line per sample, <c>name{label="value",...} value</c>; histograms as cumulative <c>_bucket</c> lines
/// with an <c>le</c> label ending at <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricFamily> families)
    {
        var text = new StringBuilder();
        foreach (var family in families)
        {
            var name = SanitizeMetricName(family.Name);
            text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(family.Type).Append('\n');
            foreach (var sample in family.Samples)
            {
                text.Append(name).Append(sample.Suffix);
                if (sample.Labels.Count > 0)
                {
                    text.Append('{');
                    for (var i = 0; i < sample.Labels.Count; i++)
                    {
                        if (i > 0)
                        {
                            text.Append(',');
                        }

                        text.Append(SanitizeLabelName(sample.Labels[i].Key)).Append("=\"").Append(EscapeLabelValue(sample.Labels[i].Value)).Append('"');
                    }

                    text.Append('}');
                }

                text.Append(' ').Append(FormatValue(sample.Value)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Values are Go-style floats: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, otherwise the shortest round-tripping form.</summary>
    public static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Metric names match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>; anything else becomes an underscore.</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>Label names match <c>[a-zA-Z_][a-zA-Z0-9_]*</c>; anything else becomes an underscore.</summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>In label values, backslash, double quote and line feed are escaped as <c>\\</c>, <c>\"</c> and <c>\n</c>.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>In help text, backslash and line feed are escaped (a double quote is not).</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}
