using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Identity;

namespace WsGate.Admin.Api;

/// <summary>
/// The OAuth2 endpoints on the admin port (<c>/oauth2/token</c>, <c>/revoke</c>, <c>/introspect</c>); the same
/// <see cref="OAuthEndpoints"/> answers on a listener's <c>oauth2</c> endpoint. The authorization endpoint,
/// <c>/oauth2/authorize</c>, is a portal page (Portal/Authorize), since the application's owner signs in on it.
/// </summary>
public static class OAuthApi
{
    // RFC 6749 section 4.4.2, RFC 7009 section 2.1 and RFC 7662 section 2.1 all send forms.
    private const string FormContentType = "application/x-www-form-urlencoded";

    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/oauth2").WithTags("OAuth2").DisableAntiforgery();
        foreach (var action in OAuthEndpoints.Actions)
        {
            Describe(action, group.MapPost("/" + action, (HttpRequest request, OAuthEndpoints oauth) => oauth.HandleAsync(request, action)!));
        }
    }

    /// <summary>What each action reads and answers, for the OpenAPI document; errors are RFC 6749 section 5.2 JSON.</summary>
    private static void Describe(string action, RouteHandlerBuilder route)
    {
        route.Produces<OAuthError>(StatusCodes.Status400BadRequest).Produces<OAuthError>(StatusCodes.Status401Unauthorized);
        switch (action)
        {
            case "token":
                route.WithSummary("Issue an access token: client credentials, authorization code with PKCE (S256), or refresh token (rotated) grant")
                    .ReadsBody<OAuthGrantForm>([FormContentType])
                    .Produces<OAuthTokenResponse>();
                break;
            case "revoke":
                route.WithSummary("Revoke one of the client's access tokens, or a refresh token with its whole grant (200 whether or not it was valid)")
                    .ReadsBody<OAuthTokenForm>([FormContentType])
                    .Produces(StatusCodes.Status200OK);
                break;
            case "introspect":
                route.WithSummary("Tell whether one of the client's tokens is active, and whose it is")
                    .ReadsBody<OAuthTokenForm>([FormContentType])
                    .Produces<OAuthIntrospection>();
                break;
            default:
                throw new InvalidOperationException($"OAuth2 action '{action}' has no OpenAPI description");
        }
    }
}
