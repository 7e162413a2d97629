using WsGate.Configuration.Throttling;

namespace WsGate.Configuration;

/// <summary>A path on a listener bound to a handler.</summary>
public sealed record EndpointConfig
{
    /// <summary>Absolute path, matched case-insensitively, for example <c>/echo</c>.</summary>
    public string Path { get; init; } = "";

    public EndpointKind Kind { get; init; } = EndpointKind.Echo;

    /// <summary>The outbound queue bound of this endpoint's connections; null uses the listener's.</summary>
    public OutboundQueueConfig? OutboundQueue { get; init; }

    /// <summary>How long a connection to this endpoint may stay open (0 is unlimited); null uses the listener's.</summary>
    public long? MaxConnectionDurationMs { get; init; }
}
