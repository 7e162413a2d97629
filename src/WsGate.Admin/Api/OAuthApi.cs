using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Identity;

namespace WsGate.Admin.Api;

/// <summary>
/// The OAuth2 endpoints on the admin port (<c>/oauth2/token</c>, <c>/revoke</c>, <c>/introspect</c>); the same
/// <see cref="OAuthEndpoints"/> answers on a listener's <c>oauth2</c> endpoint.
/// </summary>
public static class OAuthApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/oauth2").WithTags("OAuth2").DisableAntiforgery();
        foreach (var action in OAuthEndpoints.Actions)
        {
            group.MapPost("/" + action, (HttpRequest request, OAuthEndpoints oauth) => oauth.HandleAsync(request, action)!);
        }
    }
}
