using WsGate.Configuration.Identity;
using WsGate.Configuration.Throttling;

namespace WsGate.Configuration.Apis;

/// <summary>
/// A published WebSocket API (WSO2's WebSocket API, DataPower's WebSocket proxy): served at <c>/{context}/{version}</c>
/// (and at <c>/{context}</c> when it is the default version) on the listeners it is published on, relaying frames to
/// its production or sandbox backend endpoints.
/// </summary>
public sealed record ApiConfig
{
    /// <summary>Letters, digits and underscore, beginning with a letter or underscore; unique case-insensitively.</summary>
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>Path prefix such as <c>/chat</c>.</summary>
    public string Context { get; init; } = "";

    /// <summary>Such as <c>v1</c> or <c>1.0.0</c>.</summary>
    public string Version { get; init; } = "";

    /// <summary>Also serve this version at <c>/{context}</c>.</summary>
    public bool IsDefaultVersion { get; init; }

    public string? Description { get; init; }

    /// <summary>Ids of the listeners this API is published on.</summary>
    public IReadOnlyList<string> Listeners { get; init; } = [];

    public ApiLifecycle Lifecycle { get; init; } = ApiLifecycle.Created;

    public RelayMode RelayMode { get; init; } = RelayMode.Frames;

    public ApiEndpointsConfig Endpoints { get; init; } = new();

    /// <summary>
    /// Scripted replies for connections opened while the API is <see cref="ApiLifecycle.Prototyped"/> (kept in other
    /// states, where new connections go to the backend); compiled into rules on this API (docs/rules.md).
    /// </summary>
    public MockConfig? Mock { get; init; }

    /// <summary>Content-based routing (frames mode): each message goes to the backend its JSON property selects.</summary>
    public RoutingConfig? Routing { get; init; }

    /// <summary>
    /// JSON Schemas the API's text messages must satisfy, per direction (frames mode); a route's own
    /// <see cref="RouteTarget.MessageSchema"/> takes the place of this one for the messages of that route.
    /// </summary>
    public MessageSchemaConfig? MessageSchema { get; init; }

    /// <summary>
    /// The AsyncAPI document this API was imported from, as its text (YAML or JSON as given), so an export can give it back
    /// (docs/asyncapi.md); null for an API made otherwise. Kept as text so the document's own layout, comments and
    /// examples survive a configuration export and import unchanged.
    /// </summary>
    public string? AsyncApi { get; init; }

    /// <summary>
    /// Request header that picks the environment (<c>production</c> or <c>sandbox</c>) until keys decide it; absent means
    /// production.
    /// </summary>
    public string EnvironmentHeader { get; init; } = "X-WsGate-Environment";

    public int ConnectTimeoutMs { get; init; } = 5000;

    public BackendTlsConfig BackendTls { get; init; } = new();

    public HandshakePolicyConfig Policies { get; init; } = new();

    public ApiLimitsConfig Limits { get; init; } = new();

    public HealthCheckConfig HealthCheck { get; init; } = new();

    /// <summary>Message and byte limits for all consumers together and per client IP; the outbound queue bound.</summary>
    public ThrottlingConfig Throttling { get; init; } = new();

    /// <summary>
    /// When the backend connection is lost after the upgrade, connect to another healthy endpoint of the same environment
    /// and keep the client open (for stateless backends). Otherwise the client is closed with 1011.
    /// </summary>
    public bool ReconnectOnBackendLoss { get; init; }

    /// <summary>Who may connect; null means the listener's settings.</summary>
    public AuthenticationConfig? Authentication { get; init; }

    /// <summary>
    /// Clients that authenticate as an application (API key, OAuth2 token) must hold a subscription to this API; without
    /// one the handshake gets 403 (WSO2's subscription model).
    /// </summary>
    public bool SubscriptionRequired { get; init; } = true;

    /// <summary>
    /// Names of the tiers an application may subscribe under (the tiers WSO2's publisher ticks in the Manage step); empty
    /// offers every tier. Dropping a tier from the list keeps the subscriptions already under it (see docs/identity.md).
    /// </summary>
    public IReadOnlyList<string> Tiers { get; init; } = [];

    /// <summary>
    /// The tiers of <paramref name="all"/> a new subscription may use, in this API's order; every one, in the
    /// configuration's order, when it lists none. The first is the default of a subscription naming none (after Unlimited).
    /// </summary>
    public IReadOnlyList<TierConfig> OfferedTiers(IReadOnlyList<TierConfig> all) =>
        Tiers.Count == 0
            ? all
            : Tiers.Select(name => all.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))).OfType<TierConfig>().ToList();

    /// <summary>Whether a new subscription may use <paramref name="tier"/>: it is listed, or the list is empty.</summary>
    public bool Offers(string tier) => Tiers.Count == 0 || Tiers.Any(t => string.Equals(t, tier, StringComparison.OrdinalIgnoreCase));

    /// <summary>The paths this API answers on: <c>/{context}/{version}</c> and, for the default version, <c>/{context}</c>.</summary>
    public IEnumerable<string> Paths()
    {
        var context = Context.TrimEnd('/');
        yield return context + "/" + Version;
        if (IsDefaultVersion)
        {
            yield return context.Length == 0 ? "/" : context;
        }
    }

    public bool IsPublishedOn(string listenerId) => Listeners.Any(l => string.Equals(l, listenerId, StringComparison.OrdinalIgnoreCase));
}
