using System.Text.Json.Serialization;

namespace WsGate.Admin.Api;

/// <summary>
/// The form fields of a token request, as <c>OAuthEndpoints</c> reads them; for the OpenAPI document, since the endpoint
/// reads the form itself. <c>client_credentials</c> (RFC 6749 section 4.4.2) needs the client id and secret, by HTTP Basic
/// or these fields; <c>authorization_code</c> (section 4.1.3, RFC 7636 section 4.5) sends <c>code</c>,
/// <c>redirect_uri</c> and <c>code_verifier</c>; <c>refresh_token</c> (section 6) sends <c>refresh_token</c>. Those two
/// take <c>client_id</c> alone from a public client.
/// </summary>
public sealed record OAuthGrantForm(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("redirect_uri")] string? RedirectUri,
    [property: JsonPropertyName("code_verifier")] string? CodeVerifier,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken);
