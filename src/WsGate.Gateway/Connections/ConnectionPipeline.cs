using Microsoft.AspNetCore.Http;
using WsGate.Admission;
using WsGate.Analytics;
using WsGate.Endpoints;
using WsGate.Forwarding;
using WsGate.Http;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Protocol;
using WsGate.Routing;
using WsGate.Rules;
using WsGate.Threading;

namespace WsGate.Connections;

/// <summary>
/// The request delegate of every listener. Plain HTTP goes to the listener's HTTP rules and fallback; every request that
/// asks for a WebSocket (<c>Upgrade: websocket</c>), well-formed or not, goes through the one admission chain and, when
/// admitted, to the acceptor of its target: the listener's own endpoint (echo, channel) or the API its path routes to.
/// </summary>
public sealed class ConnectionPipeline(
    ApiManager apis,
    HttpFallbackHandler fallback,
    HttpRuleHandler httpRules,
    AdmissionChain admission,
    EndpointAcceptor endpoints,
    ApiAcceptor apiAcceptor,
    OAuthEndpoints oauth,
    GatewayAnalytics analytics,
    IPortalHost? portal = null)
{
    public async Task HandleAsync(HttpContext context, ListenerRuntime listener)
    {
        // Policies, identity and the store may block: the handshake runs on the pool, never on a socket engine's thread.
        await ThreadPoolHop.LeaveIoThread();
        if (!ClientAddress.Resolve(context, listener))
        {
            // Behind a trusted proxy the access rules apply here, to the client address it forwarded.
            listener.Counters.CountDeniedByAccess();
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.Headers["X-WsGate-Reason"] = "access_denied";
            await context.Response.WriteAsync("403 Forbidden: the client address is refused by this listener's access rules\n");
            return;
        }

        var config = listener.Config;
        var (path, urlCredentials) = UrlCredentials.Strip(context.Request.Path.Value ?? "/");
        if (urlCredentials is not null)
        {
            // From here on nothing sees the credentials: routing, logs, connection listings and backends get the rest of the path.
            UrlCredentials.Attach(context, urlCredentials);
            context.Request.Path = new PathString(path);
        }

        if (!WebSocketHandshake.IsUpgradeAttempt(context.Request))
        {
            // The listener's methods and versions bind its plain HTTP too; an upgrade attempt meets them in the chain.
            if (ListenerRequestCheck.Check(context.Request, listener, upgrade: false) is { } refused)
            {
                await HandshakeProblem.WriteAsync(context, refused);
                return;
            }

            if (listener.FindOAuthAction(path) is { } action)
            {
                await HandleOAuthAsync(context, action);
                return;
            }

            if (listener.FindPortal(path) is { } portalEndpoint)
            {
                var mount = new PathString(portalEndpoint.Path.TrimEnd('/'));
                if (portal is null)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                await portal.HandleAsync(context, mount, new PathString(path[mount.Value!.Length..]));
                return;
            }

            if (!await httpRules.TryHandleAsync(context, listener, path))
            {
                await fallback.HandleAsync(context, config.HttpFallback);
            }

            return;
        }

        var endpoint = listener.FindEndpoint(path);
        var route = endpoint is null ? apis.Routes.Match(config.Id, path) : null;
        analytics.HandshakeStarted(context, listener, route?.Route.Api);
#pragma warning disable CA2000 // The chain disposes it on a refusal, the catch below on a failure; once accepted the connection's lifetime takes its leases.
        var admitted = new AdmissionContext(context, listener, path, endpoint, route);
#pragma warning restore CA2000
        if (!await admission.AdmitAsync(admitted))
        {
            return;
        }

        try
        {
            if (endpoint is not null)
            {
                await endpoints.AcceptAsync(admitted);
            }
            else
            {
                await apiAcceptor.AcceptAsync(admitted);
            }
        }
        catch
        {
            // Whatever was not handed to a lifetime is given back.
            admitted.Dispose();
            throw;
        }

        if (ClientUpgrade.Held(context) is { } stream)
        {
            // An HTTP/2 WebSocket lives on its request's stream: the request ends when the connection's lifetime lets go.
            await stream.Ended;
        }
    }

    /// <summary>An <c>oauth2</c> endpoint's action: the same handler as the admin port's <c>/oauth2/</c>, POST only.</summary>
    private async Task HandleOAuthAsync(HttpContext context, string action)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            return;
        }

        var handled = oauth.HandleAsync(context.Request, action);
        var result = handled is null
            ? Results.Json(
                new { error = "invalid_request", error_description = $"no OAuth2 endpoint '{action}' here; there are {string.Join(", ", OAuthEndpoints.Actions)}" },
                statusCode: StatusCodes.Status404NotFound)
            : await handled;
        await result.ExecuteAsync(context);
    }
}
