using System.Globalization;

namespace WsGate.LoadGen.Reports;

/// <summary>The human output: a titled two-column table.</summary>
public static class Table
{
    public static void Write(TextWriter output, string title, IReadOnlyList<(string Name, string Value)> rows)
    {
        var width = rows.Max(row => row.Name.Length);
        var valueWidth = rows.Max(row => row.Value.Length);
        var rule = new string('-', width + valueWidth + 5);
        output.WriteLine(title);
        output.WriteLine(rule);
        foreach (var (name, value) in rows)
        {
            output.WriteLine($"  {name.PadRight(width)}   {value}");
        }

        output.WriteLine(rule);
    }

    public static string N(double value, int decimals = 0) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);
}
