using System.Text.Json.Serialization;

namespace WsGate.Identity;

/// <summary>A successful token response (RFC 6749 section 5.1), with the environment whose keys asked for it.</summary>
public sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("environment")] string Environment)
{
    /// <summary>Issued with the authorization code grant and rotated by the refresh grant; absent for client credentials.</summary>
    [JsonPropertyName("refresh_token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RefreshToken { get; init; }
}
