namespace WsGate.Admin;

/// <summary>Settings of the admin host that come from the command line, not the store.</summary>
public sealed record AdminOptions
{
    /// <summary>
    /// Addresses or CIDR ranges of reverse proxies in front of the admin port whose <c>Forwarded</c> or
    /// <c>X-Forwarded-For</c> is believed, so the audit log and admin lockouts see the operator's address.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];
}
