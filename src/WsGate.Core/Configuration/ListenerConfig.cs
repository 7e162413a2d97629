using WsGate.Configuration.Identity;
using WsGate.Configuration.Throttling;

namespace WsGate.Configuration;

/// <summary>
/// A WebSocket port: one or more IP:port bindings that share protocol, TLS, limits, access rules,
/// endpoints and an HTTP fallback. Field names and defaults follow the webMethods WebSocket port and
/// RoboTask WS server settings.
/// </summary>
public sealed record ListenerConfig
{
    public const int DefaultBacklog = 6000;
    public const int MaxBacklog = 65535;
    public const int DefaultIdleTimeoutMs = 300_000;
    public const int DefaultKeepAliveIntervalMs = 30_000;
    public const int DefaultPongTimeoutMs = 10_000;
    public const long DefaultMaxMessageSize = 16 * 1024 * 1024;

    /// <summary>Letters, digits and underscore, beginning with a letter or underscore; unique case-insensitively.</summary>
    public string Id { get; init; } = "";

    /// <summary>1-255 characters of letters, digits, underscore, period and hyphen; unique.</summary>
    public string? Alias { get; init; }

    public string? Description { get; init; }

    /// <summary>A named set of listeners enabled and disabled together (webMethods packages).</summary>
    public string? Group { get; init; }

    public bool Enabled { get; init; } = true;

    public ListenerProtocol Protocol { get; init; } = ListenerProtocol.Ws;

    /// <summary><c>IP:port</c> entries; <c>0.0.0.0</c> binds all IPv4 addresses, <c>[::]</c> all IPv6 addresses.</summary>
    public IReadOnlyList<string> Bindings { get; init; } = [];

    /// <summary>Pending connections the OS queues before refusing (listen backlog).</summary>
    public int Backlog { get; init; } = DefaultBacklog;

    /// <summary>A WebSocket that has received no message for this long is closed; 0 turns it off.</summary>
    public int IdleTimeoutMs { get; init; } = DefaultIdleTimeoutMs;

    /// <summary>Interval of server pings (RFC 6455 section 5.5.2); 0 turns keepalive off.</summary>
    public int KeepAliveIntervalMs { get; init; } = DefaultKeepAliveIntervalMs;

    /// <summary>How long to wait for the pong of a keepalive ping before aborting; 0 means do not wait.</summary>
    public int PongTimeoutMs { get; init; } = DefaultPongTimeoutMs;

    /// <summary>Concurrent WebSockets on this listener; further handshakes get 503 with Retry-After. 0 is unlimited.</summary>
    public int MaxConnections { get; init; }

    /// <summary>
    /// How many of this listener's handshakes and echo or channel messages are worked on at once, how many may wait, and
    /// its priority against other listeners when the machine is busy. Unlimited by default.
    /// </summary>
    public WorkersConfig Workers { get; init; } = new();

    /// <summary>Largest message, in bytes, a client may send; a larger one closes the connection with 1009.</summary>
    public long MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>
    /// Name of a certificate in <see cref="GatewayConfig.Certificates"/>. A wss listener that names none uses the
    /// certificate marked <see cref="CertificateConfig.Default"/>.
    /// </summary>
    public string? Certificate { get; init; }

    /// <summary>
    /// The key to serve from a PKCS#12 keystore that holds several (webMethods' key alias): the friendly name the store
    /// gives it, as keytool's <c>-alias</c> and openssl's <c>-name</c> set it. Needed only when the store holds more than one key.
    /// </summary>
    public string? KeyAlias { get; init; }

    public AccessConfig Access { get; init; } = new();

    /// <summary>Proxies in front of this listener whose forwarded client address is believed (headers or PROXY protocol).</summary>
    public ProxiesConfig Proxies { get; init; } = new();

    /// <summary>Message and byte limits for all connections on this listener together and per client IP; the outbound queue bound.</summary>
    public ThrottlingConfig Throttling { get; init; } = new();

    public HttpFallbackConfig HttpFallback { get; init; } = new();

    /// <summary>
    /// Whether a request may be upgraded to a WebSocket on this port (DataPower's "Allow WebSocket upgrade"). Off, the port
    /// serves its HTTP fallback only and refuses every upgrade with 403.
    /// </summary>
    public bool AllowWebSocketUpgrade { get; init; } = true;

    /// <summary>
    /// The HTTP methods a request on this port may use, upgrade or not (DataPower's "Allowed methods and versions"); another
    /// gets 405 with an Allow header. Empty allows every method, as a listener always has.
    /// </summary>
    public IReadOnlyList<string> AllowedMethods { get; init; } = [];

    /// <summary>The HTTP versions (<c>1.0</c>, <c>1.1</c>, <c>2</c>) a request may use; another gets 505. Empty allows every version.</summary>
    public IReadOnlyList<string> AllowedHttpVersions { get; init; } = [];

    /// <summary>
    /// Offer HTTP/2 by ALPN on this <c>wss</c> listener beside HTTP/1.1, and take WebSockets over it (RFC 8441's extended
    /// CONNECT), as browsers use once a page came over HTTP/2. Off by default: an HTTP/1.1 WebSocket leaves Kestrel after
    /// its 101 and costs less, while one over HTTP/2 stays a stream of the shared connection.
    /// </summary>
    public bool Http2 { get; init; }

    /// <summary>
    /// The address clients use when it is not the bound one (behind a load balancer or TLS terminator), such as
    /// <c>wss://chat.example.com/ws</c>: the portal, the try-it console, the listener view and the start-up banner show
    /// endpoint and API URLs under it. Null shows the bound addresses.
    /// </summary>
    public string? PublicUrl { get; init; }

    /// <summary>
    /// How long a connection to this listener may stay open before it is closed with 1001, however busy. 0 is unlimited.
    /// One of its own endpoints (echo, channel) may set its own instead; an API on it gets the shorter of this and the
    /// API's own limit.
    /// </summary>
    public long MaxConnectionDurationMs { get; init; }

    public IReadOnlyList<EndpointConfig> Endpoints { get; init; } = [];

    /// <summary>Who may connect to this listener's endpoints, and to its APIs that do not set their own.</summary>
    public AuthenticationConfig Authentication { get; init; } = new();

    /// <summary>
    /// True when <paramref name="other"/> differs in what the socket layer owns (bindings, TLS and its protocols, backlog),
    /// so applying it needs a rebind. Everything else is applied live to the running listener.
    /// </summary>
    public bool NeedsRebind(ListenerConfig other) =>
        Protocol != other.Protocol
        || Backlog != other.Backlog
        || Http2 != other.Http2
        || !string.Equals(Certificate, other.Certificate, StringComparison.OrdinalIgnoreCase)
        || !string.Equals(KeyAlias, other.KeyAlias, StringComparison.Ordinal)
        || !Bindings.SequenceEqual(other.Bindings, StringComparer.OrdinalIgnoreCase);
}
