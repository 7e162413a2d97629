namespace WsGate.Configuration;

/// <summary>
/// The proxies or load balancers in front of a listener, and how they tell WsGate the real client address. Nothing is
/// trusted by default: a client that sends <c>X-Forwarded-For</c> straight to WsGate changes nothing.
/// </summary>
public sealed record ProxiesConfig
{
    /// <summary>
    /// Addresses or CIDR ranges of the proxies whose word about the client address is believed. A connection from one
    /// of them skips the listener's access rules at accept; they apply to the client address it forwards instead.
    /// </summary>
    public IReadOnlyList<string> Trusted { get; init; } = [];

    /// <summary>
    /// Read the client address from <c>Forwarded</c> (RFC 7239) or, when absent, <c>X-Forwarded-For</c> on requests
    /// from a trusted proxy, walking the list from the right past every trusted hop.
    /// </summary>
    public bool ForwardedHeaders { get; init; } = true;

    /// <summary>
    /// Every connection starts with a PROXY protocol version 2 header (HAProxy's <c>send-proxy-v2</c>), before TLS.
    /// Only trusted proxies may connect; a connection without a valid header is closed.
    /// </summary>
    public bool ProxyProtocol { get; init; }
}
