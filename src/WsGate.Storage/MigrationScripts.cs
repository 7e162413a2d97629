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

    /// <summary>Refuses a database whose recorded schema is newer than the newest of <paramref name="scripts"/>.</summary>
    public static void RefuseNewer(IEnumerable<long> applied, IReadOnlyList<(int Version, string Name, string Sql)> scripts)
    {
        var newest = scripts.Count == 0 ? 0 : scripts[^1].Version;
        var highest = applied.DefaultIfEmpty(0).Max();
        if (highest > newest)
        {
            throw new StoreUnavailableException(
                $"the database was written by a newer WsGate (schema version {highest}, this build knows up to {newest}); refusing to touch it");
        }
    }
}
