using System.Globalization;
using Microsoft.AspNetCore.Http;
using WsGate.Configuration.Apis;

namespace WsGate.Identity;

/// <summary>
/// The OAuth2 endpoints: the token endpoint for the client credentials (RFC 6749 section 4.4), authorization code with
/// PKCE (section 4.1, RFC 7636) and refresh (section 6) grants, revocation (RFC 7009) and introspection (RFC 7662). The
/// authorization endpoint itself is the portal's consent page (<c>/portal/authorize</c>), since the owner signs in there. Served on the admin port under <c>/oauth2/</c> and on any listener with an endpoint of kind
/// <c>oauth2</c> (so the admin port can stay private); the same code answers both. Clients authenticate with their
/// consumer key and secret, by HTTP Basic or form fields, counted like passwords on the public listeners; bodies are
/// form-encoded as the RFCs require. Errors use the RFC 6749 section 5.2 codes.
/// </summary>
public sealed class OAuthEndpoints(IdentityService identity, AuthorizationCodeGrant codeGrant, TimeProvider time)
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
        var grantType = form["grant_type"].ToString();
        if (grantType is not ("client_credentials" or "authorization_code" or "refresh_token"))
        {
            return Error("unsupported_grant_type", "grant_type must be client_credentials, authorization_code or refresh_token");
        }

        // The code and refresh grants also take a public client, named by client_id alone (its PKCE verifier or refresh
        // token is the proof); client credentials always need the secret.
        var client = Client(request, form);
        if (client is null || (grantType == "client_credentials" && client.Value.Secret.Length == 0))
        {
            return Error("invalid_client", "client authentication is required", StatusCodes.Status401Unauthorized);
        }

        var (clientId, clientSecret) = client.Value;
        var aborted = request.HttpContext.RequestAborted;
        var (token, failure) = grantType switch
        {
            "authorization_code" => await codeGrant.ExchangeCodeAsync(clientId, clientSecret, form["code"], form["redirect_uri"], form["code_verifier"], Remote(request), aborted),
            "refresh_token" => await codeGrant.RefreshAsync(clientId, clientSecret, form["refresh_token"], Remote(request), aborted),
            _ => await identity.IssueTokenAsync(clientId, clientSecret, Remote(request), aborted),
        };
        if (token is null)
        {
            // A client refused (unknown, wrong secret, locked out) is invalid_client with 401; a refused grant is its own 400.
            return failure is null || failure.Status == StatusCodes.Status401Unauthorized ? ClientRefused(request, failure) : Error(failure.Code, failure.Detail, failure.Status);
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new OAuthTokenResponse(token.AccessToken, token.TokenType, token.ExpiresIn, token.Environment) { RefreshToken = token.RefreshToken });
    }

    private async Task<IResult> RevokeAsync(HttpRequest request)
    {
        var (form, client, refusal) = await TokenRequestAsync(request, allowPublicClient: true);
        if (client is null)
        {
            return refusal!;
        }

        // RFC 7009 section 2.2: the answer is 200 whether or not the token was valid; a client revokes only its own. A
        // refresh token takes its whole grant with it (section 2.1), access tokens included.
        var token = form!["token"].ToString();
        var stored = await identity.FindTokenAsync(token, request.HttpContext.RequestAborted);
        if (stored is not null && stored.ApplicationId == client.ApplicationId)
        {
            await identity.RevokeTokenAsync(token, request.HttpContext.RequestAborted);
        }
        else if (stored is null)
        {
            await codeGrant.RevokeRefreshTokenAsync(token, client.ApplicationId, request.HttpContext.RequestAborted);
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

    /// <summary>
    /// Revocation and introspection alike: a form with a <c>token</c>, from an authenticated client. Revocation also
    /// takes a public client named by client_id alone (RFC 7009 section 2.1): revoking a token only takes it from
    /// whoever holds it.
    /// </summary>
    private async Task<(IFormCollection? Form, StoredApplicationKey? Client, IResult? Refusal)> TokenRequestAsync(HttpRequest request, bool allowPublicClient = false)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
        if (form is null || string.IsNullOrEmpty(form["token"]))
        {
            return (null, null, Error("invalid_request", "the token parameter is required"));
        }

        var named = Client(request, form);
        if (named is null || (named.Value.Secret.Length == 0 && !allowPublicClient))
        {
            return (form, null, Error("invalid_client", "client authentication is required", StatusCodes.Status401Unauthorized));
        }

        var (clientId, clientSecret) = named.Value;

        if (clientSecret.Length == 0)
        {
            var key = await identity.FindClientAsync(clientId, request.HttpContext.RequestAborted);
            return key is null ? (form, null, ClientRefused(request, null)) : (form, key, null);
        }

        var (client, failure) = await identity.AuthenticateClientAsync(clientId, clientSecret, Remote(request), request.HttpContext.RequestAborted);
        return client is null ? (form, null, ClientRefused(request, failure)) : (form, client, null);
    }

    /// <summary>
    /// The client id and secret, by HTTP Basic or the <c>client_id</c> and <c>client_secret</c> form fields; the secret is
    /// empty for a public client that sends only its id. Null when there is no client id or the Basic header is malformed.
    /// </summary>
    private static (string Id, string Secret)? Client(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (!BasicCredentials.TryParse(header, out var id, out var secret) || id.Length == 0)
            {
                return null;
            }

            // RFC 6749 section 2.3.1: the client id and secret are form-urlencoded before Basic encoding.
            return (Uri.UnescapeDataString(id), Uri.UnescapeDataString(secret));
        }

        var clientId = form["client_id"].ToString();
        return clientId.Length > 0 ? (clientId, form["client_secret"].ToString()) : null;
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
