using System.Text.Json.Serialization;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Secrets;

namespace WsGate.Configuration.Outbound;

/// <summary>
/// A WebSocket client WsGate keeps open to a remote server (RoboTask's WS Connection Manager, Clients tab). Messages it
/// receives can trigger rules; rules and bridges send on it. <see cref="Url"/> is a shortcut that fills host, port, TLS
/// and path (<see cref="Autofilled"/>).
/// </summary>
public sealed record OutboundClientConfig
{
    public const int DefaultConnectTimeoutMs = 10_000;
    public const long DefaultMaxMessageSize = 1024 * 1024;

    /// <summary>Letters, digits and underscore, beginning with a letter or underscore; unique case-insensitively.</summary>
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>Connect when the configuration is applied (at start and on save); an inactive client stays stopped.</summary>
    public bool Active { get; init; } = true;

    /// <summary>
    /// Autofill from URL: <c>wss://host:12345/auth/user/psw</c> or <c>ws://host/report?info=common</c> fill
    /// <see cref="Host"/>, <see cref="Port"/>, <see cref="UseTls"/> and <see cref="Path"/> (and <see cref="Basic"/> from
    /// <c>user:password@</c>).
    /// </summary>
    [Secret(SecretKind.Url)]
    public string? Url { get; init; }

    public string Host { get; init; } = "";

    /// <summary>Absent means 80, or 443 with TLS.</summary>
    public int? Port { get; init; }

    public bool UseTls { get; init; }

    /// <summary>Path and query parameters ("Parameters" in RoboTask), for example <c>/report?info=common&amp;date=20201201</c>.</summary>
    [Secret(SecretKind.Url)]
    public string Path { get; init; } = "/";

    /// <summary>Certificate validation (on by default), CA bundle, client certificate and SNI, as for API backends.</summary>
    public BackendTlsConfig Tls { get; init; } = new();

    public BasicAuthConfig? Basic { get; init; }

    /// <summary>Extra handshake headers.</summary>
    [Secret(SecretKind.DictionaryValues)]
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public string? SubProtocol { get; init; }

    /// <summary>Send a ping (RFC 6455 section 5.5.2) every this many seconds and drop the connection when no pong comes; 0 is off.</summary>
    public int PingIntervalSeconds { get; init; }

    public ReconnectConfig Reconnect { get; init; } = new();

    public int ConnectTimeoutMs { get; init; } = DefaultConnectTimeoutMs;

    /// <summary>Largest message accepted from the server; a larger one closes the connection with 1009.</summary>
    public long MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    public int EffectivePort => Port ?? (UseTls ? 443 : 80);

    /// <summary>The <c>ws://</c> or <c>wss://</c> address this client connects to (with any URL credentials: never shown as it is).</summary>
    [JsonIgnore]
    public Uri Address
    {
        get
        {
            var host = Host.Contains(':', StringComparison.Ordinal) && !Host.StartsWith('[') ? "[" + Host + "]" : Host;
            var path = Path.StartsWith('/') ? Path : "/" + Path;
            return new Uri($"{(UseTls ? "wss" : "ws")}://{host}:{EffectivePort}{path}");
        }
    }

    /// <summary><see cref="Address"/> as status, logs and the admin API show it: any password in it masked.</summary>
    [JsonIgnore]
    public string DisplayAddress => SecretValues.MaskValue(Address.ToString(), SecretKind.Url);

    /// <summary>This client with <see cref="Url"/>'s parts in the connection fields; unchanged when there is no URL or it does not parse.</summary>
    public OutboundClientConfig Autofilled()
    {
        if (Url is null || !OutboundUrl.TryParse(Url, out var parts, out _))
        {
            return this;
        }

        return this with
        {
            Url = null,
            Host = parts.Host,
            Port = parts.Port,
            UseTls = parts.UseTls,
            Path = parts.Path,
            Basic = parts.Basic ?? Basic,
        };
    }
}
