using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Configuration.Apis;
using WsGate.Identity;

namespace WsGate.Admin.Api;

/// <summary>
/// The OAuth2 endpoints: the client-credentials token endpoint (RFC 6749 section 4.4), revocation (RFC 7009) and
/// introspection (RFC 7662). Clients authenticate with their consumer key and secret, by HTTP Basic or form fields;
/// bodies are form-encoded as the RFCs require. Errors use the RFC 6749 section 5.2 error codes.
/// </summary>
public static class OAuthApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/oauth2").WithTags("OAuth2").DisableAntiforgery();
        group.MapPost("/token", async (HttpRequest request, IdentityService identity) =>
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
            return Results.Ok(new { access_token = token.AccessToken, token_type = token.TokenType, expires_in = token.ExpiresIn, environment = token.Environment });
        });

        group.MapPost("/revoke", async (HttpRequest request, IdentityService identity) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
            if (form is null || string.IsNullOrEmpty(form["token"]))
            {
                return Error("invalid_request", "the token parameter is required");
            }

            if (!TryClient(request, form, out var clientId, out var clientSecret))
            {
                return Error("invalid_client", "client authentication is required", StatusCodes.Status401Unauthorized);
            }

            var (client, failure) = await identity.AuthenticateClientAsync(clientId, clientSecret, Remote(request), request.HttpContext.RequestAborted);
            if (client is null)
            {
                return ClientRefused(request, failure);
            }

            // RFC 7009 section 2.2: the answer is 200 whether or not the token was valid; a client revokes only its own.
            var stored = await identity.FindTokenAsync(form["token"]!, request.HttpContext.RequestAborted);
            if (stored is not null && stored.ApplicationId == client.ApplicationId)
            {
                await identity.RevokeTokenAsync(form["token"]!, request.HttpContext.RequestAborted);
            }

            return Results.Ok();
        });

        group.MapPost("/introspect", async (HttpRequest request, IdentityService identity, TimeProvider time) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
            if (form is null || string.IsNullOrEmpty(form["token"]))
            {
                return Error("invalid_request", "the token parameter is required");
            }

            if (!TryClient(request, form, out var clientId, out var clientSecret))
            {
                return Error("invalid_client", "client authentication is required", StatusCodes.Status401Unauthorized);
            }

            var (client, failure) = await identity.AuthenticateClientAsync(clientId, clientSecret, Remote(request), request.HttpContext.RequestAborted);
            if (client is null)
            {
                return ClientRefused(request, failure);
            }

            var stored = await identity.FindTokenAsync(form["token"]!, request.HttpContext.RequestAborted);
            var active = stored is not null && stored.RevokedAt is null && stored.ExpiresAt > time.GetUtcNow() && stored.ApplicationId == client.ApplicationId;
            if (!active)
            {
                return Results.Ok(new { active = false });
            }

            return Results.Ok(new
            {
                active = true,
                client_id = client.ConsumerKey,
                token_type = "Bearer",
                sub = stored!.Username,
                exp = stored.ExpiresAt.ToUnixTimeSeconds(),
                iat = stored.CreatedAt.ToUnixTimeSeconds(),
                environment = stored.Environment.ToName(),
                application_id = stored.ApplicationId,
            });
        });
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

    private static string? Remote(HttpRequest request) => request.HttpContext.Connection.RemoteIpAddress?.ToString();

    /// <summary>
    /// RFC 6749 section 5.2's <c>invalid_client</c> with 401, for an unknown client and a wrong secret alike; a client
    /// locked out after repeated failures gets the same error with Retry-After and a description that says so.
    /// </summary>
    private static IResult ClientRefused(HttpRequest request, AuthFailure? failure)
    {
        if (failure?.RetryAfter is { } retryAfter)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Error("invalid_client", "too many failed attempts; try again later", StatusCodes.Status401Unauthorized);
        }

        return Error("invalid_client", "unknown client or wrong secret", StatusCodes.Status401Unauthorized);
    }

    private static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new { error, error_description = description }, statusCode: status);
}
