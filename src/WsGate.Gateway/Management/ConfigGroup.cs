using System.Text.Json.Nodes;
using WsGate.Configuration;
using WsGate.Configuration.Validation;

namespace WsGate.Management;

/// <summary>
/// One listener group as a document of its own, as webMethods exports a package with its ports: the group's listeners
/// and the certificates they need. A group document holds only those two sections, and importing it as that group
/// touches nothing else: other groups' listeners, APIs, identity and tiers stay as they are, in replace mode too.
/// </summary>
public static class ConfigGroup
{
    /// <summary>The sections a group document may hold.</summary>
    public static IReadOnlyList<string> Sections { get; } = ["listeners", "certificates"];

    /// <summary>The listener groups there are, in order.</summary>
    public static IReadOnlyList<string> Names(GatewayConfig config) =>
        [.. config.Listeners.Select(l => l.Group).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];

    public static bool Holds(ListenerConfig listener, string group) =>
        string.Equals(listener.Group, group, StringComparison.OrdinalIgnoreCase);

    /// <summary>The group's listeners and the certificates they name; an unknown group is refused naming the ones there are.</summary>
    public static GatewayConfig Select(GatewayConfig config, string group)
    {
        var listeners = config.Listeners.Where(l => Holds(l, group)).ToList();
        if (listeners.Count == 0)
        {
            var groups = Names(config);
            throw new ConfigValidationException(
                "group",
                $"no listener is in the group '{group}'" + (groups.Count == 0 ? " (no listener has a group)" : $" (groups: {string.Join(", ", groups)})"));
        }

        // The certificates they serve, a wss listener's default one included.
        var names = listeners.Select(l => config.CertificateFor(l)?.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return GatewayConfig.Empty with
        {
            Listeners = listeners,
            Certificates = [.. config.Certificates.Where(c => names.Contains(c.Name))],
        };
    }

    /// <summary>Drops every section but <see cref="Sections"/> from a serialized group, so that its import cannot reach them.</summary>
    public static void Trim(JsonNode? document)
    {
        if (document is not JsonObject root)
        {
            return;
        }

        foreach (var name in root.Select(p => p.Key).Where(k => !Sections.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList())
        {
            root.Remove(name);
        }
    }

    /// <summary>
    /// What an import as <paramref name="group"/> may hold: the two sections only, and listeners of that group only (a
    /// listener without one is taken into it); problems name the document's paths.
    /// </summary>
    public static GatewayConfig CheckDocument(GatewayConfig imported, IEnumerable<string> sections, string group)
    {
        var errors = new List<ConfigError>();
        foreach (var section in sections.Where(s => !Sections.Contains(s, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add(new ConfigError(section, $"an import into the group '{group}' holds only listeners and certificates"));
        }

        for (var i = 0; i < imported.Listeners.Count; i++)
        {
            if (imported.Listeners[i].Group is { } other && !Holds(imported.Listeners[i], group))
            {
                errors.Add(new ConfigError($"listeners[{i}].group", $"is '{other}', not '{group}': a group import holds only that group's listeners"));
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigValidationException(errors);
        }

        return imported with { Listeners = [.. imported.Listeners.Select(l => l.Group is null ? l with { Group = group } : l)] };
    }
}
