using WsGate.Configuration.Apis;

namespace WsGate.Identity;

/// <summary>
/// A refresh token (RFC 6749 section 6), stored only as its SHA-256 hash. Each use rotates it: the used one is revoked and
/// a new one of the same <see cref="FamilyId"/> (one authorization grant) issued; presenting a revoked one revokes the
/// whole family, access tokens included (OAuth 2.0 Security BCP, refresh token rotation).
/// </summary>
public sealed record StoredRefreshToken(
    string TokenHash,
    string FamilyId,
    string ApplicationId,
    BackendEnvironment Environment,
    string ConsumerKey,
    string Username,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt);
