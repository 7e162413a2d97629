using System.Globalization;

namespace WsGate.Storage;

/// <summary>Reads the numbered <c>NNNN_name.sql</c> scripts embedded under one resource prefix, in version order.</summary>
internal static class MigrationScripts
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> Load(string prefix)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (version, name, reader.ReadToEnd());
            })
            .OrderBy(s => s.version)
            .ToList();
    }
}
