using System.Text.Json.Nodes;

namespace WsGate.Configuration.Secrets;

/// <summary>
/// Finds every secret string of <see cref="SecretCatalog.Sites"/> in a configuration's JSON form, optionally alongside a
/// second configuration (list elements matched by id or name), and hands each to a visitor that may replace it.
/// </summary>
public static class SecretWalker
{
    public static void Walk(JsonNode? root, JsonNode? parallel, Action<SecretHit> visit)
    {
        foreach (var site in SecretCatalog.Sites)
        {
            Visit(root, parallel, site, 0, 0, "", visit);
        }
    }

    private static void Visit(JsonNode? node, JsonNode? parallel, SecretSite site, int segment, int keyIndex, string path, Action<SecretHit> visit)
    {
        var name = site.Segments[segment];
        if (name == "[]")
        {
            if (node is JsonArray list)
            {
                var key = site.ElementKeys[keyIndex];
                for (var i = 0; i < list.Count; i++)
                {
                    Visit(list[i], Match(list[i], parallel as JsonArray, key, i), site, segment + 1, keyIndex + 1, $"{path}[{i}]", visit);
                }
            }

            return;
        }

        if (node is not JsonObject parent)
        {
            return;
        }

        var at = path.Length == 0 ? name : path + "." + name;
        var parallelChild = (parallel as JsonObject)?[name];
        if (segment < site.Segments.Count - 1)
        {
            Visit(parent[name], parallelChild, site, segment + 1, keyIndex, at, visit);
            return;
        }

        if (site.Kind != SecretKind.DictionaryValues)
        {
            if (Text(parent[name]) is { } value)
            {
                visit(new SecretHit(at, parent, name, value, site.Kind, Text(parallelChild)));
            }

            return;
        }

        if (parent[name] is JsonObject values)
        {
            var stored = parallelChild as JsonObject;
            foreach (var (entry, child) in values.ToList())
            {
                if (Text(child) is { } value)
                {
                    var storedValue = stored?.FirstOrDefault(p => string.Equals(p.Key, entry, StringComparison.OrdinalIgnoreCase)).Value;
                    visit(new SecretHit(at + "." + entry, values, entry, value, site.Kind, Text(storedValue)));
                }
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? Match(JsonNode? element, JsonArray? parallel, string? key, int index)
    {
        if (parallel is null)
        {
            return null;
        }

        if (key is null)
        {
            return index < parallel.Count ? parallel[index] : null;
        }

        var wanted = Text((element as JsonObject)?[key]);
        return parallel.FirstOrDefault(p => string.Equals(Text((p as JsonObject)?[key]), wanted, StringComparison.OrdinalIgnoreCase));
    }
}
