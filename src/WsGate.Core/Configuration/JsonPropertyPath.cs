using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WsGate.Configuration;

/// <summary>
/// A JSON property path as AWS API Gateway's route selection expression writes it: <c>$.action</c>,
/// <c>$.order.status</c>, <c>$.items[0].id</c>. Shared by content-based routing and rule matches.
/// </summary>
public sealed class JsonPropertyPath
{
    private readonly object[] _segments;

    private JsonPropertyPath(string text, object[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public const string Rule = "must be a JSON property path such as $.action or $.order.items[0].id";

    public static bool TryParse(string? text, out JsonPropertyPath path)
    {
        path = null!;
        if (text is null || !text.StartsWith("$.", StringComparison.Ordinal) || text.Length > 256)
        {
            return false;
        }

        var segments = new List<object>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                if (i == start)
                {
                    return false;
                }

                segments.Add(text[start..i]);
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return false;
                }

                segments.Add(index);
                i = close + 1;
            }
            else
            {
                return false;
            }
        }

        path = new JsonPropertyPath(text, [.. segments]);
        return segments.Count > 0;
    }

    public static JsonPropertyPath Parse(string text) =>
        TryParse(text, out var path) ? path : throw new FormatException($"'{text}' {Rule}");

    /// <summary>The value at this path, or null when a step is missing or the document is not of that shape.</summary>
    public JsonElement? Find(JsonElement root)
    {
        var current = root;
        foreach (var segment in _segments)
        {
            if (segment is string name)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }
            }
            else
            {
                var index = (int)segment;
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
        }

        return current;
    }

    /// <summary>The value at this path in the text of a JSON message as a string (strings unquoted); null when absent or not JSON.</summary>
    public string? FindText(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            using var document = JsonDocument.ParseValue(ref reader);
            return Find(document.RootElement) is { } value ? AsText(value) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Replaces the value at this path in <paramref name="root"/> with <paramref name="value"/>; false when the path is absent.</summary>
    public bool Replace(JsonNode? root, string value)
    {
        var current = root;
        for (var i = 0; i < _segments.Length; i++)
        {
            var last = i == _segments.Length - 1;
            if (_segments[i] is string name)
            {
                if (current is not JsonObject obj || !obj.ContainsKey(name))
                {
                    return false;
                }

                if (last)
                {
                    obj[name] = value;
                    return true;
                }

                current = obj[name];
            }
            else
            {
                var index = (int)_segments[i];
                if (current is not JsonArray array || index >= array.Count)
                {
                    return false;
                }

                if (last)
                {
                    array[index] = value;
                    return true;
                }

                current = array[index];
            }
        }

        return false;
    }

    /// <summary>Strings as their text, null as null, everything else as its JSON text.</summary>
    public static string? AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    public override string ToString() => Text;
}
