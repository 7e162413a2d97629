using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;

namespace WsGate.AsyncApi;

/// <summary>
/// Turns an AsyncAPI document into a WebSocket API (docs/asyncapi.md has the rules): title and version name the API,
/// servers become the production and sandbox endpoints, messages' payloads become the message schemas, and channels become
/// content-based routes where every message a client sends carries a discriminator property. An update keeps every field
/// the document does not speak to (listeners, lifecycle, policies, security, limits, throttling).
/// </summary>
public static partial class AsyncApiImporter
{
    /// <summary>The API <paramref name="document"/> makes of, or makes <paramref name="config"/>'s API with that id into.</summary>
    public static ApiConfig Import(string document, GatewayConfig config, AsyncApiImportOptions options)
    {
        var contract = AsyncApiReader.Read(document);
        var id = string.IsNullOrWhiteSpace(options.Id) ? DeriveId(contract.Title) : options.Id.Trim();
        return Apply(contract, document, config.FindApi(id), id, options.Context);
    }

    public static ApiConfig Apply(AsyncApiContract contract, string? document, ApiConfig? existing, string id, string? context)
    {
        var errors = new ErrorSink();
        var root = errors.At("$");
        var api = existing ?? new ApiConfig();
        var onFailure = api.MessageSchema?.OnFailure ?? SchemaFailureAction.Drop;
        var production = contract.Servers.Where(s => !s.IsSandbox).Select(s => s.Url).ToList();
        var sandbox = contract.Servers.Where(s => s.IsSandbox).Select(s => s.Url).ToList();
        var bases = contract.Servers.Count > 0 ? production : api.Endpoints.Production.Urls.ToList();

        RoutingConfig? routing = null;
        var discriminator = Discriminator(contract.Channels);
        if (discriminator is not null)
        {
            var routes = new Dictionary<string, RouteTarget>(StringComparer.Ordinal);
            foreach (var channel in contract.Channels)
            {
                var urls = Urls(channel, bases, contract, root);
                foreach (var group in channel.ClientMessages.GroupBy(m => Constants(m)[discriminator]))
                {
                    var previous = api.Routing?.Routes.GetValueOrDefault(group.Key);
                    routes[group.Key] = new RouteTarget
                    {
                        Urls = urls,
                        Strategy = previous?.Strategy ?? api.Endpoints.Production.Strategy,
                        MessageSchema = Schema(Combine(group), Combine(channel.BackendMessages), previous?.MessageSchema?.OnFailure ?? onFailure),
                    };
                }
            }

            routing = new RoutingConfig { Expression = "$." + discriminator, Routes = routes };
        }
        else if (contract.Channels.Count == 1 && contract.Channels[0] is var only && (only.Backends.Count > 0 || Joins(only.Address)))
        {
            // One channel and no routing: its address is the backend's path (WSO2 appends a topic's path to the endpoint).
            production = production.Count == 0 ? production : Urls(only, production, contract, root);
            sandbox = sandbox.Count == 0 ? sandbox : Urls(only, sandbox, contract, root);
        }

        errors.ThrowIfAny();
        var all = contract.Channels.ToList();
        var messageSchema = Schema(Combine(all.SelectMany(c => c.ClientMessages)), Combine(all.SelectMany(c => c.BackendMessages)), onFailure);
        return api with
        {
            Id = existing?.Id ?? id,
            Name = contract.Title,
            Version = contract.Version,
            Description = contract.Description ?? api.Description,
            Context = existing?.Context is { Length: > 0 } kept && string.IsNullOrWhiteSpace(context) ? kept : string.IsNullOrWhiteSpace(context) ? DeriveContext(contract.Title) : context.Trim(),
            Endpoints = contract.Servers.Count == 0 ? api.Endpoints : api.Endpoints with
            {
                Production = api.Endpoints.Production with { Urls = production },
                Sandbox = api.Endpoints.Sandbox with { Urls = sandbox },
            },
            RelayMode = routing is not null || messageSchema is not null ? RelayMode.Frames : api.RelayMode,
            Routing = routing,
            MessageSchema = messageSchema,
            AsyncApi = document,
        };
    }

    /// <summary>An id from a title: letters, digits and underscores (<c>Orders API</c> gives <c>Orders_API</c>).</summary>
    public static string DeriveId(string title)
    {
        var id = NotIdChar().Replace(title, "_").Trim('_');
        id = id.Length == 0 ? "api" : char.IsDigit(id[0]) ? "_" + id : id;
        return id.Length > 64 ? id[..64] : id;
    }

    /// <summary>A context from a title: <c>Orders API</c> gives <c>/orders-api</c>.</summary>
    public static string DeriveContext(string title)
    {
        var slug = NotPathChar().Replace(title.ToLowerInvariant(), "-").Trim('-');
        return "/" + (slug.Length == 0 ? "api" : slug);
    }

    /// <summary>
    /// The property every message a client sends fixes to one string (<c>const</c>, or an <c>enum</c> of one), with no
    /// value on two channels; the first such property of the first message, or null when there is none.
    /// </summary>
    public static string? Discriminator(IReadOnlyList<AsyncApiChannel> channels)
    {
        var sent = channels.SelectMany(c => c.ClientMessages.Select(m => (Channel: c, Constants: Constants(m)))).ToList();
        if (sent.Count == 0)
        {
            return null;
        }

        foreach (var name in sent[0].Constants.Keys)
        {
            var owners = new Dictionary<string, AsyncApiChannel>(StringComparer.Ordinal);
            var fits = JsonPropertyPath.TryParse("$." + name, out _);
            foreach (var (channel, constants) in sent)
            {
                if (!fits || !constants.TryGetValue(name, out var value) || (owners.TryGetValue(value, out var owner) && owner != channel))
                {
                    fits = false;
                    break;
                }

                owners[value] = channel;
            }

            if (fits)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>A payload's top-level properties whose schema allows exactly one string, in the schema's order.</summary>
    public static Dictionary<string, string> Constants(AsyncApiMessage message)
    {
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        if (message.Payload is not { ValueKind: JsonValueKind.Object } payload || !payload.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return constants;
        }

        foreach (var property in properties.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (property.Value.TryGetProperty("const", out var constant) && constant.ValueKind == JsonValueKind.String)
            {
                constants[property.Name] = constant.GetString()!;
            }
            else if (property.Value.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() == 1 && values[0].ValueKind == JsonValueKind.String)
            {
                constants[property.Name] = values[0].GetString()!;
            }
        }

        return constants;
    }

    /// <summary>A channel's backends: its pinned <c>x-wsgate-backends</c>, or each base URL with the channel's address appended.</summary>
    private static List<string> Urls(AsyncApiChannel channel, IReadOnlyList<string> bases, AsyncApiContract contract, ErrorSink errors)
    {
        if (channel.Backends.Count > 0)
        {
            return channel.Backends.ToList();
        }

        var at = errors.At("channels").At(AsyncApiPath.Key(channel.Key));
        if (bases.Count == 0)
        {
            errors.Add("servers", $"give a ws or wss server that is not a sandbox: the channel '{channel.Key}' has no backend to reach without one");
            return [];
        }

        if (channel.Address?.Contains('{', StringComparison.Ordinal) == true)
        {
            at.Add(contract.IsVersion3 ? "address" : "", $"an address with parameters ('{channel.Address}') names no one backend URL; give the channel {AsyncApiReader.BackendsExtension} or a fixed address");
            return [];
        }

        return bases.Select(b => Join(b, channel.Address)).ToList();
    }

    private static bool Joins(string? address) => address is { Length: > 0 } && address != "/";

    /// <summary>A base URL with a channel address appended: <c>ws://host/ws</c> and <c>/orders</c> give <c>ws://host/ws/orders</c>.</summary>
    public static string Join(string baseUrl, string? address)
    {
        if (!Joins(address))
        {
            return baseUrl;
        }

        var uri = new Uri(baseUrl);
        var path = uri.AbsolutePath.TrimEnd('/') + "/" + address!.TrimStart('/');
        return new UriBuilder(uri) { Path = path }.Uri.ToString();
    }

    /// <summary>
    /// The schema of a set of messages: the one payload, or <c>anyOf</c> the distinct payloads (a message must be one of
    /// them; <c>oneOf</c> would refuse a message two overlapping payloads both allow). A message without a payload allows
    /// anything, so the set is then not checked (null).
    /// </summary>
    private static JsonElement? Combine(IEnumerable<AsyncApiMessage> messages)
    {
        var list = messages.ToList();
        if (list.Count == 0 || list.Any(m => m.Payload is null))
        {
            return null;
        }

        var distinct = list.Select(m => m.Payload!.Value).DistinctBy(p => p.GetRawText()).ToList();
        return distinct.Count == 1
            ? distinct[0]
            : JsonSerializer.SerializeToElement(new JsonObject { ["anyOf"] = new JsonArray(distinct.Select(d => JsonNode.Parse(d.GetRawText())).ToArray()) });
    }

    private static MessageSchemaConfig? Schema(JsonElement? clientToBackend, JsonElement? backendToClient, SchemaFailureAction onFailure) =>
        clientToBackend is null && backendToClient is null
            ? null
            : new MessageSchemaConfig { ClientToBackend = clientToBackend, BackendToClient = backendToClient, OnFailure = onFailure };

    [GeneratedRegex("[^A-Za-z0-9_]+")]
    private static partial Regex NotIdChar();

    [GeneratedRegex("[^a-z0-9._~-]+")]
    private static partial Regex NotPathChar();
}
