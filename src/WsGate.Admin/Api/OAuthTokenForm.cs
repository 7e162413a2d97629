using System.Text.Json.Serialization;

namespace WsGate.Admin.Api;

/// <summary>
/// The form fields of a revocation (RFC 7009) or introspection (RFC 7662) request, as <c>OAuthEndpoints</c> reads them;
/// for the OpenAPI document. The client id and secret may come as HTTP Basic instead.
/// </summary>
public sealed record OAuthTokenForm(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret);
