using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Endpoints;

namespace WsGate.Admin.Portal;

/// <summary>
/// The developer portal on a public listener (an endpoint of kind <c>portal</c>): the admin host's own pipeline runs
/// the request, with the endpoint's path as the path base, so the pages, their links and the session cookie all live
/// under it. Only the portal, its OAuth2 consent page and what signing in needs are reachable this way; the console, the admin API and
/// everything else answer 404 there. Staff accounts sign in on the admin port only (see the login page).
/// </summary>
public sealed class PublicPortalHost(IServiceProvider services) : IPortalHost
{
    private static readonly object Marker = new();
    private RequestDelegate? _pipeline;

    /// <summary>True when the request came through a listener's portal endpoint rather than the admin port.</summary>
    public static bool IsPublic(HttpContext context) => context.Items.ContainsKey(Marker);

    /// <summary>The admin host's whole pipeline, routing included; captured when the admin host builds it.</summary>
    internal void Attach(RequestDelegate pipeline) => _pipeline = pipeline;

    public async Task HandleAsync(HttpContext context, PathString mount, PathString inner)
    {
        if (!inner.HasValue || inner == "/")
        {
            context.Response.Redirect(mount + "/portal");
            return;
        }

        if (_pipeline is null || !Reachable(inner))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // The listener's request runs with the admin host's services (pages, antiforgery, the session's keys).
        await using var scope = services.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        context.Request.PathBase = mount;
        context.Request.Path = inner;
        context.Items[Marker] = true;
        await _pipeline(context);
    }

    private static bool Reachable(PathString path) =>
        path.StartsWithSegments("/portal")
        || path.StartsWithSegments("/console/assets")
        || path == "/oauth2/authorize"
        || path == "/console/login" || path == "/console/logout" || path == "/console/denied";
}
