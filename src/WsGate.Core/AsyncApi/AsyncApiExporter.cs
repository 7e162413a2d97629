using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;

namespace WsGate.AsyncApi;

/// <summary>
/// An API as an AsyncAPI document. An imported API gives back its stored document while importing that document still
/// gives the API's current endpoints, routes and schemas; otherwise (an API made another way, or one changed since its
/// import) the document is generated as AsyncAPI 3.0 from the configuration, so an export never describes traffic the
/// gateway no longer expects. Importing a generated document gives the same routes and schemas back.
/// </summary>
public static class AsyncApiExporter
{
    public static string Export(ApiConfig api, AsyncApiFormat format)
    {
        var document = Document(api);
        return format == AsyncApiFormat.Json
            ? document.ToJsonString(new JsonSerializerOptions { WriteIndented = true })
            : ConfigSerializer.ToYaml(document, header: null);
    }

    public static JsonObject Document(ApiConfig api) =>
        api.AsyncApi is { } stored && StillDescribes(api, stored) ? AsyncApiReader.Parse(stored) : Generate(api);

    /// <summary>Whether importing <paramref name="stored"/> over the API would leave its endpoints, routing and schemas as they are.</summary>
    public static bool StillDescribes(ApiConfig api, string stored)
    {
        ApiConfig again;
        try
        {
            again = AsyncApiImporter.Apply(AsyncApiReader.Read(stored), stored, api, api.Id, api.Context);
        }
        catch (ConfigValidationException)
        {
            return false;
        }

        return Same(again.Endpoints, api.Endpoints) && Same(again.Routing, api.Routing) && Same(again.MessageSchema, api.MessageSchema);
    }

    private static bool Same<T>(T a, T b) => ConfigSerializer.ToJson(a) == ConfigSerializer.ToJson(b);

    public static JsonObject Generate(ApiConfig api)
    {
        var info = new JsonObject { ["title"] = api.Name, ["version"] = api.Version };
        if (api.Description is { } description)
        {
            info["description"] = description;
        }

        var servers = new JsonObject();
        AddServers(servers, "production", api.Endpoints.Production.Urls, sandbox: false);
        AddServers(servers, "sandbox", api.Endpoints.Sandbox.Urls, sandbox: true);
        var channels = new JsonObject();
        var operations = new JsonObject();
        if (api.Routing is { } routing && routing.Expression.Count(c => c == '.') == 1 && !routing.Expression.Contains('[', StringComparison.Ordinal))
        {
            var property = routing.Expression[2..];
            var bases = api.Endpoints.Production.Urls.Select(u => BackendUrl.Normalize(u).ToString()).ToList();
            var groups = routing.Routes.GroupBy(r => (
                Urls: string.Join(' ', r.Value.Urls.Select(u => BackendUrl.Normalize(u).ToString())),
                Reply: (r.Value.MessageSchema ?? api.MessageSchema)?.BackendToClient?.GetRawText()));
            foreach (var group in groups)
            {
                var urls = group.Key.Urls.Split(' ');
                var key = Unique(channels, group.First().Key);
                var channel = new JsonObject();
                if (AddressFor(urls, bases) is { } address)
                {
                    channel["address"] = address;
                }
                else
                {
                    channel[AsyncApiReader.BackendsExtension] = new JsonArray(urls.Select(u => (JsonNode)JsonValue.Create(u)).ToArray());
                }

                var messages = new JsonObject();
                foreach (var (value, target) in group)
                {
                    messages[value] = Message(WithConstant((target.MessageSchema ?? api.MessageSchema)?.ClientToBackend, property, value));
                }

                var reply = group.Key.Reply is { } text ? JsonNode.Parse(text) : null;
                if (reply is not null)
                {
                    messages[key + "Reply"] = Message(reply);
                }

                channel["messages"] = messages;
                channels[key] = channel;
                operations["receive_" + key] = Operation("receive", key, group.Select(r => r.Key));
                if (reply is not null)
                {
                    operations["send_" + key] = Operation("send", key, [key + "Reply"]);
                }
            }
        }
        else
        {
            var messages = new JsonObject
            {
                ["clientMessage"] = Message(Node(api.MessageSchema?.ClientToBackend)),
                ["backendMessage"] = Message(Node(api.MessageSchema?.BackendToClient)),
            };
            channels["messages"] = new JsonObject { ["address"] = "/", ["messages"] = messages };
            operations["receiveClientMessage"] = Operation("receive", "messages", ["clientMessage"]);
            operations["sendBackendMessage"] = Operation("send", "messages", ["backendMessage"]);
        }

        var document = new JsonObject { ["asyncapi"] = "3.0.0", ["info"] = info };
        if (servers.Count > 0)
        {
            document["servers"] = servers;
        }

        document["channels"] = channels;
        document["operations"] = operations;
        return document;
    }

    private static void AddServers(JsonObject servers, string name, IReadOnlyList<string> urls, bool sandbox)
    {
        for (var i = 0; i < urls.Count; i++)
        {
            var uri = BackendUrl.Normalize(urls[i]);
            var server = new JsonObject { ["host"] = uri.Authority, ["protocol"] = uri.Scheme };
            if (uri.PathAndQuery is { Length: > 1 } path)
            {
                server["pathname"] = path;
            }

            if (sandbox)
            {
                server["tags"] = new JsonArray(new JsonObject { ["name"] = "sandbox" });
            }

            servers[i == 0 ? name : name + (i + 1)] = server;
        }
    }

    /// <summary>The address that appended to each production URL gives the route's URLs, or null when none does.</summary>
    private static string? AddressFor(string[] urls, List<string> bases)
    {
        if (bases.Count == 0 || urls.Length != bases.Count)
        {
            return null;
        }

        var first = bases[0].TrimEnd('/');
        if (!urls[0].StartsWith(first, StringComparison.Ordinal))
        {
            return null;
        }

        var address = urls[0][first.Length..];
        address = address.Length == 0 ? "/" : address;
        if (!address.StartsWith('/') || address.Contains('?', StringComparison.Ordinal))
        {
            return null;
        }

        return bases.Select(b => AsyncApiImporter.Join(b, address)).SequenceEqual(urls, StringComparer.Ordinal) ? address : null;
    }

    /// <summary>A route's client schema with its discriminator fixed to the route's value, so importing it finds the route again.</summary>
    private static JsonNode WithConstant(JsonElement? schema, string property, string value)
    {
        var obj = schema is { ValueKind: JsonValueKind.Object } s ? (JsonObject)JsonNode.Parse(s.GetRawText())! : new JsonObject { ["type"] = "object" };
        if (obj["properties"] is not JsonObject properties)
        {
            obj["properties"] = properties = new JsonObject();
        }

        var probe = new AsyncApiMessage { Payload = JsonSerializer.SerializeToElement(obj) };
        if (AsyncApiImporter.Constants(probe).GetValueOrDefault(property) != value)
        {
            properties[property] = new JsonObject { ["const"] = value };
        }

        var required = obj["required"] as JsonArray ?? [];
        if (!required.Any(r => r?.GetValueKind() == JsonValueKind.String && r.GetValue<string>() == property))
        {
            required.Add(property);
        }

        obj["required"] = required;
        return obj;
    }

    private static JsonObject Message(JsonNode? payload)
    {
        var message = new JsonObject();
        if (payload is not null)
        {
            message["payload"] = payload;
        }

        return message;
    }

    private static JsonNode? Node(JsonElement? element) => element is { } e ? JsonNode.Parse(e.GetRawText()) : null;

    private static JsonObject Operation(string action, string channel, IEnumerable<string> messages) => new()
    {
        ["action"] = action,
        ["channel"] = new JsonObject { ["$ref"] = "#/channels/" + Escape(channel) },
        ["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["$ref"] = $"#/channels/{Escape(channel)}/messages/{Escape(m)}" }).ToArray()),
    };

    private static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Unique(JsonObject taken, string key)
    {
        var candidate = key;
        for (var n = 2; taken.ContainsKey(candidate); n++)
        {
            candidate = key + n;
        }

        return candidate;
    }
}
