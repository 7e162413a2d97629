using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;

namespace WsGate.AsyncApi;

/// <summary>
/// Reads an AsyncAPI 2.6 or 3.0 document, YAML or JSON (JSON when it begins with <c>{</c>), checking by hand the fields
/// WsGate uses. Every problem is collected before the document is refused, each as a <see cref="ConfigError"/> whose path
/// is the JSON path of the offending field (<c>$.channels.orders.messages.placed.payload</c>).
/// </summary>
public static partial class AsyncApiReader
{
    /// <summary>Documents above this size are refused; one API's contract is far smaller.</summary>
    public const int MaxChars = 1024 * 1024;

    public static AsyncApiContract Read(string text)
    {
        var root = Parse(text);
        var errors = new ErrorSink();
        var contract = Read(root, errors.At("$"));
        errors.ThrowIfAny();
        return contract!;
    }

    /// <summary>The document as JSON, nothing checked but that it is an object; YAML's plain scalars read as YAML 1.2's core schema says.</summary>
    public static JsonObject Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ConfigValidationException("$", "the document is empty");
        }

        if (text.Length > MaxChars)
        {
            throw new ConfigValidationException("$", $"the document is larger than {MaxChars} characters");
        }

        JsonNode? node;
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new ConfigValidationException("$", "is not valid JSON: " + ex.Message);
            }
        }
        else
        {
            try
            {
                node = ConfigSerializer.YamlToJson(text);
            }
            catch (ConfigValidationException ex)
            {
                throw new ConfigValidationException("$", string.Join("; ", ex.Errors));
            }
        }

        return node as JsonObject ?? throw new ConfigValidationException("$", "an AsyncAPI document is an object with asyncapi, info and channels");
    }

    private static AsyncApiContract? Read(JsonObject root, ErrorSink errors)
    {
        var version = Text(root["asyncapi"]);
        if (version is null)
        {
            errors.Add("asyncapi", "is required: the AsyncAPI version, 2.6.0 or 3.0.0");
            return null;
        }

        var isV3 = V3().IsMatch(version);
        if (!isV3 && !V26().IsMatch(version))
        {
            errors.Add("asyncapi", $"version {version} is not supported (2.6 or 3.0)");
            return null;
        }

        string? title = null, apiVersion = null, description = null;
        if (root["info"] is not JsonObject info)
        {
            errors.Add("info", "is required: an object with title and version");
        }
        else
        {
            title = Required(info, "title", errors.At("info"));
            apiVersion = Required(info, "version", errors.At("info"));
            description = Text(info["description"]);
        }

        var resolver = new AsyncApiRefResolver(root);
        var servers = ReadServers(resolver.Resolve(root["servers"], errors.At("servers")), isV3, errors.At("servers"));
        IReadOnlyList<AsyncApiChannel> channels = [];
        if (root["channels"] is not JsonObject)
        {
            errors.Add("channels", "is required: an object naming the API's channels");
        }
        else if (resolver.Resolve(root["channels"], errors.At("channels")) is JsonObject resolved)
        {
            channels = isV3
                ? ReadChannels3(resolved, root["operations"], resolver, errors)
                : ReadChannels26(resolved, resolver, errors.At("channels"));
        }

        return new AsyncApiContract
        {
            AsyncApiVersion = version,
            Title = title ?? "",
            Version = apiVersion ?? "",
            Description = description,
            Servers = servers,
            Channels = channels,
        };
    }

    private static List<AsyncApiServer> ReadServers(JsonNode? node, bool isV3, ErrorSink errors)
    {
        var servers = new List<AsyncApiServer>();
        if (node is null)
        {
            return servers;
        }

        if (node is not JsonObject map)
        {
            errors.Add("", "must be an object naming each server");
            return servers;
        }

        foreach (var (name, value) in map)
        {
            var at = errors.At(AsyncApiPath.Key(name));
            if (value is not JsonObject server)
            {
                at.Add("", "must be an object");
                continue;
            }

            var protocol = Required(server, "protocol", at);
            if (protocol is not null && !string.Equals(protocol, "ws", StringComparison.OrdinalIgnoreCase) && !string.Equals(protocol, "wss", StringComparison.OrdinalIgnoreCase))
            {
                at.Add("protocol", $"'{protocol}' cannot be served by a WebSocket API: use ws or wss");
                continue;
            }

            var urlField = isV3 ? "host" : "url";
            var address = Required(server, urlField, at);
            if (address is null || protocol is null)
            {
                continue;
            }

            var url = isV3
                ? protocol.ToLowerInvariant() + "://" + address + (Text(server["pathname"]) is { Length: > 0 } path ? "/" + path.TrimStart('/') : "")
                : address.Contains("://", StringComparison.Ordinal) ? address : protocol.ToLowerInvariant() + "://" + address;
            url = FillVariables(url, server["variables"] as JsonObject, at.At(urlField));
            if (url is null)
            {
                continue;
            }

            if (!BackendUrl.TryNormalize(url, out var normalized, out var error))
            {
                at.Add(urlField, error);
                continue;
            }

            servers.Add(new AsyncApiServer(name, normalized.ToString(), IsSandbox(name, server)));
        }

        return servers;
    }

    /// <summary>A sandbox server is one whose name contains <c>sandbox</c>, or one tagged <c>sandbox</c>.</summary>
    private static bool IsSandbox(string name, JsonObject server) =>
        name.Contains("sandbox", StringComparison.OrdinalIgnoreCase)
        || (server["tags"] is JsonArray tags && tags.Any(t => t is JsonObject tag && string.Equals(Text(tag["name"]), "sandbox", StringComparison.OrdinalIgnoreCase)));

    private static string? FillVariables(string url, JsonObject? variables, ErrorSink errors)
    {
        var ok = true;
        var filled = VariablePattern().Replace(url, m =>
        {
            if (variables?[m.Groups[1].Value] is JsonObject variable && Text(variable["default"]) is { } value)
            {
                return value;
            }

            errors.Add("", $"the variable {{{m.Groups[1].Value}}} needs a default under variables");
            ok = false;
            return m.Value;
        });
        return ok ? filled : null;
    }

    private static List<AsyncApiChannel> ReadChannels26(JsonObject channels, AsyncApiRefResolver resolver, ErrorSink errors)
    {
        var list = new List<AsyncApiChannel>();
        foreach (var (address, value) in channels)
        {
            var at = errors.At(AsyncApiPath.Key(address));
            if (value is not JsonObject channel)
            {
                at.Add("", "must be an object");
                continue;
            }

            // publish: the client publishes to the API (it sends); subscribe: the client subscribes (it receives).
            list.Add(new AsyncApiChannel
            {
                Key = address,
                Address = address,
                ClientMessages = ReadOperation26(channel["publish"], "publish", resolver, at.At("publish")),
                BackendMessages = ReadOperation26(channel["subscribe"], "subscribe", resolver, at.At("subscribe")),
                Backends = Backends(channel, at),
            });
        }

        return list;
    }

    private static List<AsyncApiMessage> ReadOperation26(JsonNode? node, string name, AsyncApiRefResolver resolver, ErrorSink errors)
    {
        var messages = new List<AsyncApiMessage>();
        if (node is null)
        {
            return messages;
        }

        if (node is not JsonObject operation)
        {
            errors.Add("", "must be an object");
            return messages;
        }

        switch (operation["message"])
        {
            case null:
                break;
            case JsonObject { } one when one["oneOf"] is JsonArray oneOf:
                for (var i = 0; i < oneOf.Count; i++)
                {
                    if (ReadMessage(oneOf[i], $"{name}{i + 1}", resolver, errors.At($"message.oneOf[{i}]")) is { } message)
                    {
                        messages.Add(message);
                    }
                }

                break;
            case var one:
                if (ReadMessage(one, name, resolver, errors.At("message")) is { } single)
                {
                    messages.Add(single);
                }

                break;
        }

        return messages;
    }

    private static List<AsyncApiChannel> ReadChannels3(JsonObject channels, JsonNode? operationsNode, AsyncApiRefResolver resolver, ErrorSink root)
    {
        var errors = root.At("channels");
        var read = new Dictionary<string, (string? Address, Dictionary<string, AsyncApiMessage> Messages, IReadOnlyList<string> Backends)>(StringComparer.Ordinal);
        foreach (var (key, value) in channels)
        {
            var at = errors.At(AsyncApiPath.Key(key));
            if (value is not JsonObject channel)
            {
                at.Add("", "must be an object");
                continue;
            }

            var address = channel["address"] is null ? null : Text(channel["address"]);
            var messages = new Dictionary<string, AsyncApiMessage>(StringComparer.Ordinal);
            if (channel["messages"] is JsonObject map)
            {
                foreach (var (messageKey, messageNode) in map)
                {
                    if (ReadMessage(messageNode, messageKey, resolver, at.At("messages").At(AsyncApiPath.Key(messageKey)), preferKey: true) is { } message)
                    {
                        messages[messageKey] = message;
                    }
                }
            }
            else if (channel["messages"] is not null)
            {
                at.Add("messages", "must be an object naming each message");
            }

            read[key] = (address, messages, Backends(channel, at));
        }

        // Operations say who sends what, from the point of view of the application the document describes: the API.
        // receive: the API receives the message, so a client sends it; send: the API sends it, so a client receives it.
        var client = read.Keys.ToDictionary(k => k, _ => new List<AsyncApiMessage>(), StringComparer.Ordinal);
        var backend = read.Keys.ToDictionary(k => k, _ => new List<AsyncApiMessage>(), StringComparer.Ordinal);
        if (operationsNode is JsonObject operations)
        {
            foreach (var (name, value) in operations)
            {
                var at = root.At("operations").At(AsyncApiPath.Key(name));
                if (value is not JsonObject operation)
                {
                    at.Add("", "must be an object");
                    continue;
                }

                var action = Text(operation["action"]);
                if (action is not ("send" or "receive"))
                {
                    at.Add("action", "is required: send or receive");
                    continue;
                }

                var channelRef = operation["channel"] is JsonObject c ? Text(c["$ref"]) : null;
                var channelKey = channelRef is not null && channelRef.StartsWith("#/channels/", StringComparison.Ordinal) ? Unescape(channelRef["#/channels/".Length..]) : null;
                if (channelKey is null || !read.TryGetValue(channelKey, out var target))
                {
                    at.Add("channel", channelRef is null ? "is required: { $ref: '#/channels/<name>' }" : $"'{channelRef}' names no channel of this document");
                    continue;
                }

                var chosen = new List<AsyncApiMessage>();
                if (operation["messages"] is JsonArray refs)
                {
                    for (var i = 0; i < refs.Count; i++)
                    {
                        var messageRef = refs[i] is JsonObject m ? Text(m["$ref"]) : null;
                        var prefix = channelRef + "/messages/";
                        var messageKey = messageRef is not null && messageRef.StartsWith(prefix, StringComparison.Ordinal) ? Unescape(messageRef[prefix.Length..]) : null;
                        if (messageKey is null || !target.Messages.TryGetValue(messageKey, out var message))
                        {
                            at.Add($"messages[{i}]", messageRef is null ? $"must be {{ $ref: '{prefix}<name>' }}" : $"'{messageRef}' names no message of the channel '{channelKey}'");
                            continue;
                        }

                        chosen.Add(message);
                    }
                }
                else
                {
                    chosen.AddRange(target.Messages.Values);
                }

                var into = action == "receive" ? client[channelKey] : backend[channelKey];
                into.AddRange(chosen.Where(m => !into.Contains(m)));
            }
        }

        return read.Select(kv => new AsyncApiChannel
        {
            Key = kv.Key,
            Address = kv.Value.Address,
            ClientMessages = client[kv.Key],
            BackendMessages = backend[kv.Key],
            Backends = kv.Value.Backends,
        }).ToList();
    }

    /// <summary>
    /// <c>x-wsgate-backends</c>: the backend URLs of a channel's route, written by WsGate's export where a route's backends
    /// are not a server's URL plus the channel's address.
    /// </summary>
    private static List<string> Backends(JsonObject channel, ErrorSink errors)
    {
        var urls = new List<string>();
        if (channel[BackendsExtension] is not { } node)
        {
            return urls;
        }

        if (node is not JsonArray array)
        {
            errors.Add(BackendsExtension, "must be a list of ws or wss URLs");
            return urls;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (!BackendUrl.TryNormalize(Text(array[i]), out var url, out var error))
            {
                errors.Add($"{BackendsExtension}[{i}]", error);
                continue;
            }

            urls.Add(url.ToString());
        }

        return urls;
    }

    public const string BackendsExtension = "x-wsgate-backends";

    private static AsyncApiMessage? ReadMessage(JsonNode? node, string fallbackKey, AsyncApiRefResolver resolver, ErrorSink errors, bool preferKey = false)
    {
        if (node is not JsonObject message)
        {
            if (node is not null && !resolver.Failed.Contains(node))
            {
                errors.Add("", "a message must be an object");
            }

            return null;
        }

        var component = resolver.Names.GetValueOrDefault(message);
        var key = preferKey ? fallbackKey : Text(message["name"]) ?? Text(message["messageId"]) ?? component ?? fallbackKey;
        if (Text(message["schemaFormat"]) is { } messageFormat && !IsJsonSchema(messageFormat))
        {
            errors.Add("schemaFormat", NotJsonSchema(messageFormat));
            return null;
        }

        JsonElement? payload = null;
        var payloadNode = message["payload"];
        var payloadErrors = errors.At("payload");
        if (payloadNode is JsonObject multi && multi.ContainsKey("schemaFormat") && multi.ContainsKey("schema"))
        {
            var format = Text(multi["schemaFormat"]) ?? "";
            if (!IsJsonSchema(format))
            {
                payloadErrors.Add("schemaFormat", NotJsonSchema(format));
                return null;
            }

            payloadNode = multi["schema"];
            payloadErrors = payloadErrors.At("schema");
        }

        if (payloadNode is not null)
        {
            var element = JsonSerializer.SerializeToElement(payloadNode);
            var before = payloadErrors.Errors.Count;
            MessageSchemaValidator.CheckSchema(element, payloadErrors);
            payload = payloadErrors.Errors.Count == before ? element : null;
        }

        var examples = new List<AsyncApiExample>();
        if (message["examples"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is JsonObject example && example.TryGetPropertyValue("payload", out var value))
                {
                    examples.Add(new AsyncApiExample(Text(example["name"]) ?? Text(example["summary"]) ?? $"example {i + 1}", value?.ToJsonString() ?? "null"));
                }
            }
        }
        else if (message["examples"] is not null)
        {
            errors.Add("examples", "must be a list of { name, payload }");
        }

        return new AsyncApiMessage { Key = key, Title = Text(message["title"]) ?? Text(message["summary"]), Payload = payload, Examples = examples };
    }

    private static bool IsJsonSchema(string format) =>
        format.StartsWith("application/vnd.aai.asyncapi", StringComparison.OrdinalIgnoreCase)
        || format.StartsWith("application/schema+json", StringComparison.OrdinalIgnoreCase)
        || format.StartsWith("application/schema+yaml", StringComparison.OrdinalIgnoreCase);

    private static string NotJsonSchema(string format) =>
        $"'{format}' is not JSON Schema: WsGate checks messages against JSON Schema (or AsyncAPI's schema) only";

    private static string? Required(JsonObject obj, string field, ErrorSink errors)
    {
        if (Text(obj[field]) is { Length: > 0 } text)
        {
            return text;
        }

        errors.Add(field, obj[field] is null ? "is required" : "must be a non-empty string");
        return null;
    }

    /// <summary>
    /// A scalar as text. YAML reads a plain <c>1.0</c> as a number, which JSON keeps as 1; a whole number read from a
    /// YAML float is written back with its <c>.0</c>, as a version field means it.
    /// </summary>
    internal static string? Text(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number when !value.TryGetValue<long>(out _) && value.TryGetValue<double>(out var d) && d == Math.Floor(d)
                => d.ToString("0.0", CultureInfo.InvariantCulture),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    private static string Unescape(string segment) =>
        Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    [GeneratedRegex(@"^2\.6\.\d+$")]
    private static partial Regex V26();

    [GeneratedRegex(@"^3\.0\.\d+$")]
    private static partial Regex V3();

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex VariablePattern();
}
