using System.Text.Json.Serialization;

namespace WsGate.Identity;

/// <summary>An OAuth2 error response (RFC 6749 section 5.2): <c>invalid_request</c>, <c>invalid_client</c>, <c>unsupported_grant_type</c>.</summary>
public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);
