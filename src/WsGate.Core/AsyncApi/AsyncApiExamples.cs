using System.Text.Json;
using System.Text.Json.Nodes;

namespace WsGate.AsyncApi;

/// <summary>
/// The examples of a message: the document's own, or, when it has none, one made from the payload schema (its
/// <c>examples</c>, <c>default</c>, <c>const</c> or first <c>enum</c> value, else the least value of each type), so the
/// portal always has something to send that the schema allows in the common cases.
/// </summary>
public static class AsyncApiExamples
{
    private const int MaxDepth = 8;

    public static IReadOnlyList<AsyncApiExample> For(AsyncApiMessage message) =>
        message.Examples.Count > 0
            ? message.Examples
            : [new AsyncApiExample("generated from the schema", (message.Payload is { } schema ? FromSchema(schema, 0) : new JsonObject())?.ToJsonString() ?? "null")];

    public static JsonNode? FromSchema(JsonElement schema, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            return new JsonObject();
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return JsonNode.Parse(constant.GetRawText());
        }

        if (schema.TryGetProperty("examples", out var examples) && examples.ValueKind == JsonValueKind.Array && examples.GetArrayLength() > 0)
        {
            return JsonNode.Parse(examples[0].GetRawText());
        }

        if (schema.TryGetProperty("default", out var fallback))
        {
            return JsonNode.Parse(fallback.GetRawText());
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            return JsonNode.Parse(values[0].GetRawText());
        }

        foreach (var keyword in (string[])["oneOf", "anyOf"])
        {
            if (schema.TryGetProperty(keyword, out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
            {
                return FromSchema(choices[0], depth + 1);
            }
        }

        var type = schema.TryGetProperty("type", out var t) ? t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0 ? t[0].GetString() : t.GetString() : null;
        if (type is null && (schema.TryGetProperty("properties", out _) || schema.TryGetProperty("allOf", out _)))
        {
            type = "object";
        }

        switch (type)
        {
            case "object":
                var obj = new JsonObject();
                if (schema.TryGetProperty("allOf", out var parts) && parts.ValueKind == JsonValueKind.Array)
                {
                    foreach (var part in parts.EnumerateArray())
                    {
                        if (FromSchema(part, depth + 1) is JsonObject partial)
                        {
                            foreach (var (key, value) in partial.ToList())
                            {
                                partial.Remove(key);
                                obj[key] = value;
                            }
                        }
                    }
                }

                if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        obj[property.Name] = FromSchema(property.Value, depth + 1);
                    }
                }

                return obj;
            case "array":
                return schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object && MinItems(schema) > 0
                    ? new JsonArray(FromSchema(items, depth + 1))
                    : new JsonArray();
            case "string":
                return JsonValue.Create(schema.TryGetProperty("minLength", out var min) && min.TryGetInt32(out var length) && length > 0 ? new string('x', Math.Min(length, 64)) : "string");
            case "integer":
            case "number":
                return JsonValue.Create(schema.TryGetProperty("minimum", out var minimum) && minimum.TryGetDecimal(out var least) ? least : 0m);
            case "boolean":
                return JsonValue.Create(false);
            case "null":
                return null;
            default:
                return new JsonObject();
        }
    }

    private static int MinItems(JsonElement schema) =>
        schema.TryGetProperty("minItems", out var min) && min.TryGetInt32(out var count) ? count : 1;
}
