using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Configuration;
using WsGate.Configuration.Secrets;

namespace WsGate.Management;

/// <summary>
/// What would change, field by field, between two configurations (the way decK's <c>deck diff</c> reads): lists of
/// items with an id or a name are matched by it, so a reordered list is no change and a changed listener shows only
/// the fields that differ. Compared with secrets in clear, shown with secrets masked.
/// </summary>
public static class ConfigDiff
{
    public static IReadOnlyList<ConfigChange> Compute(GatewayConfig before, GatewayConfig after)
    {
        var changes = new List<ConfigChange>();
        Walk(
            "",
            new Pair(JsonSerializer.SerializeToNode(before, ConfigSerializer.JsonOptions), JsonSerializer.SerializeToNode(before, SecretJson.Masking)),
            new Pair(JsonSerializer.SerializeToNode(after, ConfigSerializer.JsonOptions), JsonSerializer.SerializeToNode(after, SecretJson.Masking)),
            changes);
        return changes;
    }

    /// <summary>The changes under <paramref name="prefix"/> (a section such as <c>listeners[public]</c>, or a list such as <c>apis</c>).</summary>
    public static bool Touches(IEnumerable<ConfigChange> changes, string prefix) =>
        changes.Any(c => c.Path == prefix || c.Path.StartsWith(prefix + ".", StringComparison.Ordinal) || c.Path.StartsWith(prefix + "[", StringComparison.Ordinal));

    private static void Walk(string path, Pair before, Pair after, List<ConfigChange> changes)
    {
        if (JsonNode.DeepEquals(before.Raw, after.Raw))
        {
            return;
        }

        if (before.Raw is JsonObject oldObject && after.Raw is JsonObject newObject)
        {
            foreach (var name in oldObject.Select(p => p.Key).Concat(newObject.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
            {
                Walk(Join(path, name), before.Property(name), after.Property(name), changes);
            }

            return;
        }

        if (before.Raw is JsonArray oldArray && after.Raw is JsonArray newArray && KeyOf(oldArray, newArray) is { } key)
        {
            var oldItems = Index(oldArray, before.Shown as JsonArray, key);
            var newItems = Index(newArray, after.Shown as JsonArray, key);
            foreach (var (id, item) in oldItems.Where(i => !newItems.ContainsKey(i.Key)))
            {
                changes.Add(new ConfigChange($"{path}[{id}]", ConfigChange.Removed, item.Shown?.DeepClone(), null));
            }

            foreach (var (id, item) in newItems)
            {
                if (oldItems.TryGetValue(id, out var old))
                {
                    Walk($"{path}[{id}]", old, item, changes);
                }
                else
                {
                    changes.Add(new ConfigChange($"{path}[{id}]", ConfigChange.Added, null, item.Shown?.DeepClone()));
                }
            }

            return;
        }

        var kind = before.Raw is null ? ConfigChange.Added : after.Raw is null ? ConfigChange.Removed : ConfigChange.Changed;
        changes.Add(new ConfigChange(path, kind, before.Shown?.DeepClone(), after.Shown?.DeepClone()));
    }

    /// <summary>"id" when every item of both lists is an object with one, else "name" or "path" likewise; null for a plain list.</summary>
    private static string? KeyOf(JsonArray first, JsonArray second)
    {
        foreach (var key in new[] { "id", "name", "path" })
        {
            if (first.Concat(second).All(item => item is JsonObject o && o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                && first.Count + second.Count > 0)
            {
                return key;
            }
        }

        return null;
    }

    private static Dictionary<string, Pair> Index(JsonArray raw, JsonArray? shown, string key)
    {
        var items = new Dictionary<string, Pair>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < raw.Count; i++)
        {
            items.TryAdd(raw[i]![key]!.GetValue<string>(), new Pair(raw[i], shown is not null && i < shown.Count ? shown[i] : null));
        }

        return items;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>A node with secrets in clear (compared) and the same node with secrets masked (shown).</summary>
    private readonly record struct Pair(JsonNode? Raw, JsonNode? Shown)
    {
        public Pair Property(string name) => new((Raw as JsonObject)?[name], (Shown as JsonObject)?[name]);
    }
}
