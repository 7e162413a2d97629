using System.Text.Json;
using System.Text.Json.Serialization;

namespace WsGate.Configuration.Apis;

/// <summary>Reads a route target as a URL string or a group object; writes a single round-robin URL without a schema as a string.</summary>
public sealed class RouteTargetConverter : JsonConverter<RouteTarget>
{
    public override RouteTarget Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new RouteTarget { Urls = [reader.GetString()!] };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a route target is a backend URL or an object with urls and strategy");
        }

        var urls = new List<string>();
        var strategy = LoadBalancing.RoundRobin;
        MessageSchemaConfig? schema = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name?.ToLowerInvariant())
            {
                case "urls":
                    urls.AddRange(JsonSerializer.Deserialize<List<string>>(ref reader, options) ?? []);
                    break;
                case "strategy":
                    strategy = JsonSerializer.Deserialize<LoadBalancing>(ref reader, options);
                    break;
                case "messageschema":
                    schema = JsonSerializer.Deserialize<MessageSchemaConfig>(ref reader, options);
                    break;
                default:
                    throw new JsonException($"unknown field '{name}' in a route target; use urls, strategy and messageSchema");
            }
        }

        return new RouteTarget { Urls = urls, Strategy = strategy, MessageSchema = schema };
    }

    public override void Write(Utf8JsonWriter writer, RouteTarget value, JsonSerializerOptions options)
    {
        if (value.Urls.Count == 1 && value.Strategy == LoadBalancing.RoundRobin && value.MessageSchema is null)
        {
            writer.WriteStringValue(value.Urls[0]);
            return;
        }

        writer.WriteStartObject();
        writer.WritePropertyName("urls");
        JsonSerializer.Serialize(writer, value.Urls, options);
        writer.WritePropertyName("strategy");
        JsonSerializer.Serialize(writer, value.Strategy, options);
        if (value.MessageSchema is not null)
        {
            writer.WritePropertyName("messageSchema");
            JsonSerializer.Serialize(writer, value.MessageSchema, options);
        }

        writer.WriteEndObject();
    }
}
