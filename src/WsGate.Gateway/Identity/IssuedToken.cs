namespace WsGate.Identity;

/// <summary>An access token as the token endpoint returns it (RFC 6749 section 5.1).</summary>
public sealed record IssuedToken(string AccessToken, string TokenType, int ExpiresIn, string Environment)
{
    /// <summary>The refresh token issued beside it by the authorization code and refresh grants; null for client credentials.</summary>
    public string? RefreshToken { get; init; }
}
