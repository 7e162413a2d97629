using System.Text.Json.Serialization;

namespace WsGate.Admin.Api;

/// <summary>
/// The form fields of a token request (RFC 6749 section 4.4.2), as <c>OAuthEndpoints</c> reads them; for the OpenAPI
/// document, since the endpoint reads the form itself. The client id and secret may come as HTTP Basic instead.
/// </summary>
public sealed record OAuthGrantForm(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret);
