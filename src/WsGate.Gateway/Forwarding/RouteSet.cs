using System.Runtime.CompilerServices;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Routing;

namespace WsGate.Forwarding;

/// <summary>The backend pools of one API's content-based routing, built once per routing configuration.</summary>
public sealed class RouteSet
{
    public const string DefaultRoute = "$default";

    // One set per routing configuration, shared by its connections so round robin and health hold across them.
    private static readonly ConditionalWeakTable<RoutingConfig, RouteSet> Sets = [];

    public static RouteSet For(RoutingConfig config) => Sets.GetValue(config, c => new RouteSet(c));

    // The schemas routes have of their own, compiled with their pools: a routed message costs one lookup to find its own.
    private readonly Dictionary<string, MessageSchema> _schemas;
    private readonly MessageSchema? _defaultSchema;

    public RouteSet(RoutingConfig config)
    {
        _schemas = config.Routes
            .Where(r => r.Value.MessageSchema is not null)
            .ToDictionary(r => r.Key, r => MessageSchema.For(r.Value.MessageSchema)!, StringComparer.Ordinal);
        _defaultSchema = MessageSchema.For(config.Default?.MessageSchema);
        Expression = JsonPropertyPath.Parse(config.Expression);
        Routes = config.Routes.ToDictionary(r => r.Key, r => new BackendPool(r.Value.AsGroup()), StringComparer.Ordinal);
        Default = config.Default is null ? null : new BackendPool(config.Default.AsGroup());
        var shown = Default ?? Routes.Values.FirstOrDefault();
        Display = shown is { Endpoints.Count: > 0 } ? shown.Endpoints[0].Url : new Uri("ws://unrouted/");
    }

    public JsonPropertyPath Expression { get; }

    public IReadOnlyDictionary<string, BackendPool> Routes { get; }

    public BackendPool? Default { get; }

    /// <summary>The backend a connection listing shows for a routed connection: it may use several.</summary>
    public Uri Display { get; }

    /// <summary>The route a message selects: its property's value when a route has that key, else the default, else null.</summary>
    public string? Select(ReadOnlySpan<byte> message, bool isText)
    {
        var value = isText ? Expression.FindText(message) : null;
        if (value is not null && Routes.ContainsKey(value))
        {
            return value;
        }

        return Default is null ? null : DefaultRoute;
    }

    public BackendPool Pool(string route) => route == DefaultRoute ? Default! : Routes[route];

    /// <summary>The schemas a route has of its own; null when it uses the API's.</summary>
    public MessageSchema? SchemaOf(string route) => route == DefaultRoute ? _defaultSchema : _schemas.GetValueOrDefault(route);
}
