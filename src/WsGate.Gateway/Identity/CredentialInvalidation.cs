namespace WsGate.Identity;

/// <summary>
/// A credential that stopped being valid while connections may still use it: a revoked token or API key, a disabled or
/// deleted user, a removed subscription or application. Connections it matches are closed with 1008 after the grace.
/// </summary>
public sealed record CredentialInvalidation(
    string Reason,
    string? TokenHash = null,
    string? ApiKeyHash = null,
    string? Username = null,
    string? ApplicationId = null,
    string? ApiId = null)
{
    public bool Matches(ConnectionPrincipal principal, string? apiId) =>
        (TokenHash is not null && principal.TokenHash == TokenHash)
        || (ApiKeyHash is not null && principal.ApiKeyHash == ApiKeyHash)
        || (Username is not null && ApplicationId is null && string.Equals(principal.Username, Username, StringComparison.OrdinalIgnoreCase))
        || (ApplicationId is not null && principal.ApplicationId == ApplicationId && (ApiId is null || string.Equals(apiId, ApiId, StringComparison.OrdinalIgnoreCase)));
}
