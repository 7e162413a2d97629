using System.Text.Json.Nodes;
using WsGate.Configuration.Validation;

namespace WsGate.AsyncApi;

/// <summary>
/// Inlines the local <c>$ref</c>s of a document (<c>#/components/...</c> or any other JSON pointer into it). A remote
/// reference (another file or a URL), one that points to nothing, and a recursive one (which cannot be inlined into a
/// schema the gateway compiles on its own) are each an error at the path of the <c>$ref</c>.
/// </summary>
internal sealed class AsyncApiRefResolver(JsonNode root)
{
    private const int MaxDepth = 64;

    /// <summary>The component a resolved object came from (its last pointer segment), to name a message by.</summary>
    public Dictionary<JsonNode, string> Names { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// What stands in for each reference that could not be followed: <c>true</c>, which as a schema allows anything, so
    /// one bad reference is reported once and not again as a broken schema around it.
    /// </summary>
    public HashSet<JsonNode> Failed { get; } = new(ReferenceEqualityComparer.Instance);

    public JsonNode? Resolve(JsonNode? node, ErrorSink errors) => Resolve(node, errors, [], 0);

    private JsonNode? Resolve(JsonNode? node, ErrorSink errors, List<string> trail, int depth)
    {
        if (depth > MaxDepth)
        {
            errors.Add("", $"nested more than {MaxDepth} levels deep");
            return null;
        }

        switch (node)
        {
            case JsonObject obj when obj.TryGetPropertyValue("$ref", out var reference):
                if (Follow(reference, errors.At("$ref"), trail, depth) is { } followed)
                {
                    return followed;
                }

                var stand = JsonValue.Create(true);
                Failed.Add(stand);
                return stand;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = Resolve(value, errors.At(AsyncApiPath.Key(key)), trail, depth + 1);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    items.Add(Resolve(array[i], errors.At($"[{i}]"), trail, depth + 1));
                }

                return items;
            default:
                return node?.DeepClone();
        }
    }

    private JsonNode? Follow(JsonNode? reference, ErrorSink errors, List<string> trail, int depth)
    {
        if (reference is not JsonValue value || !value.TryGetValue<string>(out var pointer))
        {
            errors.Add("", "must be a string such as '#/components/messages/orderPlaced'");
            return null;
        }

        if (!pointer.StartsWith('#'))
        {
            errors.Add("", $"remote reference '{pointer}' is not supported: put what it names under #/components and refer to it as '#/components/...'");
            return null;
        }

        if (trail.Contains(pointer, StringComparer.Ordinal))
        {
            errors.Add("", $"recursive reference '{pointer}' cannot be inlined (a payload schema must be finite for the gateway to compile it alone)");
            return null;
        }

        if (Find(pointer) is not { } target)
        {
            errors.Add("", $"'{pointer}' points to nothing in this document");
            return null;
        }

        trail.Add(pointer);
        var resolved = Resolve(target, errors, trail, depth + 1);
        trail.RemoveAt(trail.Count - 1);
        if (resolved is JsonObject)
        {
            Names[resolved] = pointer[(pointer.LastIndexOf('/') + 1)..];
        }

        return resolved;
    }

    /// <summary>The node at a JSON pointer fragment (<c>#/a/b~1c</c>, RFC 6901 with percent-decoding), or null.</summary>
    public JsonNode? Find(string pointer)
    {
        var path = Uri.UnescapeDataString(pointer[1..]);
        if (path.Length == 0)
        {
            return root;
        }

        if (!path.StartsWith('/'))
        {
            return null;
        }

        JsonNode? current = root;
        foreach (var raw in path[1..].Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JsonObject obj => obj.TryGetPropertyValue(segment, out var next) ? next : null,
                JsonArray array when int.TryParse(segment, out var i) && i >= 0 && i < array.Count => array[i],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }
}
