namespace WsGate.Configuration.Identity;

/// <summary>Server-wide identity settings.</summary>
public sealed record IdentityConfig
{
    /// <summary>Lifetime of access tokens issued by the token endpoint.</summary>
    public int AccessTokenLifetimeSeconds { get; init; } = 3600;

    /// <summary>
    /// Lifetime of a refresh token issued with the authorization code grant. Rotation issues each successor with the
    /// time the grant has left, so a grant lasts at most this long from the user's consent, however often it is used.
    /// </summary>
    public int RefreshTokenLifetimeSeconds { get; init; } = 86_400;

    /// <summary>Lifetime of a one-time authorization code (RFC 6749 section 4.1.2 recommends at most 10 minutes).</summary>
    public int AuthorizationCodeLifetimeSeconds { get; init; } = 60;

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
