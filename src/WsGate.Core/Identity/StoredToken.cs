using WsGate.Configuration.Apis;

namespace WsGate.Identity;

/// <summary>An opaque OAuth2 access token, stored only as its SHA-256 hash.</summary>
public sealed record StoredToken(
    string TokenHash,
    string ApplicationId,
    BackendEnvironment Environment,
    string Username,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>The authorization grant (code and refresh tokens) it came from; null for the client credentials grant.</summary>
    public string? FamilyId { get; init; }
}
