using System.Globalization;
using Microsoft.AspNetCore.Http;
using WsGate.Configuration.Apis;

namespace WsGate.Identity;

/// <summary>
/// The OAuth2 endpoints: the client-credentials token endpoint (RFC 6749 section 4.4), revocation (RFC 7009) and
/// introspection (RFC 7662). Served on the admin port under <c>/oauth2/</c> and on any listener with an endpoint of kind
/// <c>oauth2</c> (so the admin port can stay private); the same code answers both. Clients authenticate with their
/// consumer key and secret, by HTTP Basic or form fields, counted like passwords on the public listeners; bodies are
/// form-encoded as the RFCs require. Errors use the RFC 6749 section 5.2 codes.
/// </summary>
public sealed class OAuthEndpoints(IdentityService identity, TimeProvider time)
{
    /// <summary>The actions under an OAuth2 endpoint's path: <c>token</c>, <c>revoke</c>, <c>introspect</c>.</summary>
    public static readonly IReadOnlyList<string> Actions = ["token", "revoke", "introspect"];

    /// <summary>Answers one action; null when <paramref name="action"/> is none of <see cref="Actions"/>.</summary>
    public Task<IResult>? HandleAsync(HttpRequest request, string action) => action.ToLowerInvariant() switch
    {
        "token" => TokenAsync(request),
        "revoke" => RevokeAsync(request),
        "introspect" => IntrospectAsync(request),
        _ => null,
    };

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return Error("invalid_request", "the body must be application/x-www-form-urlencoded");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            return Error("unsupported_grant_type", "only grant_type=client_credentials is supported");
        }

        if (!TryClient(request, form, out var clientId, out var clientSecret))
        {
            return Error("invalid_client", "client authentication is required", StatusCodes.Status401Unauthorized);
        }

        var (token, failure) = await identity.IssueTokenAsync(clientId, clientSecret, Remote(request), request.HttpContext.RequestAborted);
        if (token is null)
        {
            return ClientRefused(request, failure);
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new OAuthTokenResponse(token.AccessToken, token.TokenType, token.ExpiresIn, token.Environment));
    }

    private async Task<IResult> RevokeAsync(HttpRequest request)
    {
        var (form, client, refusal) = await TokenRequestAsync(request);
        if (client is null)
        {
            return refusal!;
        }

        // RFC 7009 section 2.2: the answer is 200 whether or not the token was valid; a client revokes only its own.
        var stored = await identity.FindTokenAsync(form!["token"]!, request.HttpContext.RequestAborted);
        if (stored is not null && stored.ApplicationId == client.ApplicationId)
        {
            await identity.RevokeTokenAsync(form!["token"]!, request.HttpContext.RequestAborted);
        }

        return Results.Ok();
    }

    private async Task<IResult> IntrospectAsync(HttpRequest request)
    {
        var (form, client, refusal) = await TokenRequestAsync(request);
        if (client is null)
        {
            return refusal!;
        }

        var stored = await identity.FindTokenAsync(form!["token"]!, request.HttpContext.RequestAborted);
        var active = stored is not null && stored.RevokedAt is null && stored.ExpiresAt > time.GetUtcNow() && stored.ApplicationId == client.ApplicationId;
        if (!active)
        {
            return Results.Ok(new OAuthIntrospection(false));
        }

        return Results.Ok(new OAuthIntrospection(true)
        {
            ClientId = client.ConsumerKey,
            TokenType = "Bearer",
            Subject = stored!.Username,
            ExpiresAt = stored.ExpiresAt.ToUnixTimeSeconds(),
            IssuedAt = stored.CreatedAt.ToUnixTimeSeconds(),
            Environment = stored.Environment.ToName(),
            ApplicationId = stored.ApplicationId,
        });
    }

    /// <summary>Revocation and introspection alike: a form with a <c>token</c>, from an authenticated client.</summary>
    private async Task<(IFormCollection? Form, StoredApplicationKey? Client, IResult? Refusal)> TokenRequestAsync(HttpRequest request)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
        if (form is null || string.IsNullOrEmpty(form["token"]))
        {
            return (null, null, Error("invalid_request", "the token parameter is required"));
        }

        if (!TryClient(request, form, out var clientId, out var clientSecret))
        {
            return (form, null, Error("invalid_client", "client authentication is required", StatusCodes.Status401Unauthorized));
        }

        var (client, failure) = await identity.AuthenticateClientAsync(clientId, clientSecret, Remote(request), request.HttpContext.RequestAborted);
        return client is null ? (form, null, ClientRefused(request, failure)) : (form, client, null);
    }

    private static bool TryClient(HttpRequest request, IFormCollection form, out string clientId, out string clientSecret)
    {
        clientId = clientSecret = "";
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (!BasicCredentials.TryParse(header, out var id, out var secret))
            {
                return false;
            }

            // RFC 6749 section 2.3.1: the client id and secret are form-urlencoded before Basic encoding.
            clientId = Uri.UnescapeDataString(id);
            clientSecret = Uri.UnescapeDataString(secret);
            return true;
        }

        clientId = form["client_id"].ToString();
        clientSecret = form["client_secret"].ToString();
        return clientId.Length > 0 && clientSecret.Length > 0;
    }

    // On a listener behind trusted proxies this is the real client address (Listeners/ClientAddress).
    private static string? Remote(HttpRequest request) => request.HttpContext.Connection.RemoteIpAddress?.ToString();

    /// <summary>
    /// RFC 6749 section 5.2's <c>invalid_client</c> with 401, for an unknown client and a wrong secret alike; a client
    /// locked out after repeated failures gets the same error with Retry-After and a description that says so.
    /// </summary>
    private static IResult ClientRefused(HttpRequest request, AuthFailure? failure)
    {
        if (failure?.RetryAfter is { } retryAfter)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Error("invalid_client", "too many failed attempts; try again later", StatusCodes.Status401Unauthorized);
        }

        return Error("invalid_client", "unknown client or wrong secret", StatusCodes.Status401Unauthorized);
    }

    private static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new OAuthError(error, description), statusCode: status);
}
