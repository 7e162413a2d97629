namespace WsGate.Configuration.Identity;

/// <summary>Server-wide identity settings.</summary>
public sealed record IdentityConfig
{
    /// <summary>Lifetime of access tokens issued by the token endpoint.</summary>
    public int AccessTokenLifetimeSeconds { get; init; } = 3600;

    /// <summary>
    /// How long a live connection may stay open after its credential stops being valid (token expired or revoked, user
    /// disabled, subscription removed) before it is closed with 1008.
    /// </summary>
    public int RevalidationGraceMs { get; init; } = 2000;

    public LockoutConfig Lockout { get; init; } = new();

    public IReadOnlyList<JwtIssuerConfig> JwtIssuers { get; init; } = [];

    public JwtIssuerConfig? FindIssuer(string name) =>
        JwtIssuers.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
}
