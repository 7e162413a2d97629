using WsGate.Configuration.Apis;

namespace WsGate.Identity;

/// <summary>
/// A one-time authorization code (RFC 6749 section 4.1.2), stored only as its SHA-256 hash and bound to the client
/// (consumer key), the exact redirect URI and the PKCE challenge (RFC 7636, S256) it was issued for. The tokens it is
/// exchanged for share its <see cref="FamilyId"/>, so a replayed code can take them all back.
/// </summary>
public sealed record StoredAuthorizationCode(
    string CodeHash,
    string FamilyId,
    string ApplicationId,
    BackendEnvironment Environment,
    string ConsumerKey,
    string Username,
    string RedirectUri,
    string CodeChallenge,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt);
