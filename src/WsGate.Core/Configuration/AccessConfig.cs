namespace WsGate.Configuration;

/// <summary>IP access rules, checked on the TCP connection before TLS or HTTP.</summary>
public sealed record AccessConfig
{
    public AccessMode Mode { get; init; } = AccessMode.AllowByDefault;

    /// <summary>IP addresses or CIDR ranges (<c>10.0.0.0/8</c>, <c>::1</c>).</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    public IReadOnlyList<string> Deny { get; init; } = [];
}
