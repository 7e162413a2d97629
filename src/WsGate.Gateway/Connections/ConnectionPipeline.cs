using Microsoft.AspNetCore.Http;
using WsGate.Analytics;
using WsGate.Channels;
using WsGate.Configuration;
using WsGate.Endpoints;
using WsGate.Forwarding;
using WsGate.Http;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Routing;
using WsGate.Rules;
using WsGate.Threading;
using WsGate.Throttling;

namespace WsGate.Connections;

/// <summary>
/// The request delegate of every listener: plain HTTP goes to the fallback; an upgrade goes to the listener's own
/// endpoint for its path (echo, channel) or else to the API whose route matches, and is refused with a problem body
/// when the server is draining, nothing matches or the listener is full.
/// </summary>
public sealed class ConnectionPipeline(
    ConnectionRegistry registry,
    HttpFallbackHandler fallback,
    EchoHandler echo,
    ChannelHandler channel,
    ApiManager apis,
    ApiConnectionHandler apiHandler,
    SessionRunner runner,
    ConnectionAuthenticator authenticator,
    ThrottleService throttles,
    HttpRuleHandler httpRules,
    GatewayAnalytics analytics)
{
    internal static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async Task HandleAsync(HttpContext context, ListenerRuntime listener)
    {
        // With inline I/O Kestrel calls this on the socket engine's thread; policies, identity and the store may block,
        // so the handshake runs on the pool. The relay's reads complete back on the I/O thread once it is established.
        await ThreadPoolHop.LeaveIoThread();
        var config = listener.Config;
        var (path, urlCredentials) = UrlCredentials.Strip(context.Request.Path.Value ?? "/");
        if (urlCredentials is not null)
        {
            // From here on nothing sees the credentials: routing, logs, connection listings and backends get the rest of the path.
            UrlCredentials.Attach(context, urlCredentials);
            context.Request.Path = new PathString(path);
        }

        var endpoint = listener.FindEndpoint(path);
        var route = endpoint is null ? apis.Routes.Match(config.Id, path) : null;
        if (!context.WebSockets.IsWebSocketRequest && !(route is not null && IsUpgradeAttempt(context.Request)))
        {
            if (await httpRules.TryHandleAsync(context, listener, path))
            {
                return;
            }

            await fallback.HandleAsync(context, config.HttpFallback);
            return;
        }

        analytics.HandshakeStarted(context, listener, route?.Route.Api);
        if (registry.IsDraining)
        {
            await HandshakeProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Server draining", "the server is shutting down; reconnect later", RetryAfter);
            return;
        }

        if (route is { } match)
        {
            await apiHandler.HandleAsync(context, listener, match);
            return;
        }

        if (endpoint is null)
        {
            await HandshakeProblem.WriteAsync(context, StatusCodes.Status404NotFound, "No such endpoint", $"listener '{config.Id}' has no WebSocket endpoint or API at {path}");
            return;
        }

        var authenticated = await authenticator.AuthenticateAsync(context, config.Authentication, apis.Config.Identity, context.RequestAborted);
        if (authenticated.Failure is { } failure)
        {
            await HandshakeProblem.WriteAsync(context, failure.ToRejection());
            return;
        }

        var admission = throttles.Admit(new ThrottleSubject(config.Id, endpoint.Path, null, null, authenticated.Principal!.Username, null, context.Connection.RemoteIpAddress));
        if (admission.Rejection is { } tooMany)
        {
            await HandshakeProblem.WriteAsync(context, tooMany);
            return;
        }

        using var throttle = admission.Throttle!;
        if (!listener.TryReserveConnection())
        {
            await RejectFullAsync(context, listener);
            return;
        }

        try
        {
            var client = new ClientHandshake(context);
            var socket = await client.AcceptWebSocketAsync(AcceptContextFor(config));
            IConnectionHandler handler = endpoint.Kind == EndpointKind.Channel ? channel : echo;
            await runner.RunAsync(client, listener, socket, endpoint.Path, endpoint.Kind.ToString().ToLowerInvariant(), null, authenticated.Principal!, handler.RunAsync, throttle);
        }
        finally
        {
            listener.ReleaseConnection();
        }
    }

    internal static WebSocketAcceptContext AcceptContextFor(ListenerConfig config, string? subProtocol = null, bool compression = false) => new()
    {
        SubProtocol = subProtocol,
        DangerousEnableCompression = compression,
        KeepAliveInterval = config.KeepAliveIntervalMs > 0 ? TimeSpan.FromMilliseconds(config.KeepAliveIntervalMs) : TimeSpan.Zero,
        KeepAliveTimeout = config.KeepAliveIntervalMs > 0 && config.PongTimeoutMs > 0
            ? TimeSpan.FromMilliseconds(config.PongTimeoutMs)
            : Timeout.InfiniteTimeSpan,
    };

    internal static Task RejectFullAsync(HttpContext context, ListenerRuntime listener)
    {
        listener.Counters.CountRejectedOverCapacity();
        return HandshakeProblem.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Too many connections",
            $"listener '{listener.Id}' is at its limit of {listener.Config.MaxConnections} connections",
            RetryAfter);
    }

    /// <summary>A request that asks for a WebSocket upgrade, well-formed or not, so API policies can say what is wrong with it.</summary>
    private static bool IsUpgradeAttempt(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);
}
