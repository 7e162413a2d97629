using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsGate.Analytics;
using WsGate.Configuration.Apis;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Http;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Policies;
using WsGate.Routing;
using WsGate.Throttling;

namespace WsGate.Forwarding;

/// <summary>
/// A handshake to an API: runs the pre-upgrade policies, picks the environment and connects to a backend endpoint
/// BEFORE accepting the client, so an unreachable backend is an HTTP 502 rather than an upgrade followed by a close;
/// then accepts with the backend's chosen subprotocol and relays in the API's mode.
/// </summary>
public sealed class ApiConnectionHandler(
    IEnumerable<IHandshakePolicy> policies,
    RawBackendConnector connector,
    BackendDialer dialer,
    WebSocketRelay relay,
    StreamRelay streamRelay,
    RoutedRelay routedRelay,
    SessionRunner runner,
    ThrottleService throttles,
    ILogger<ApiConnectionHandler> logger)
{
    private readonly IHandshakePolicy[] _policies = policies.ToArray();

    public async Task HandleAsync(HttpContext context, ListenerRuntime listener, RouteMatch match)
    {
        var api = match.Route.Api;
        var handshake = new HandshakeContext(context, listener, api, match);
        foreach (var policy in _policies)
        {
            if (await policy.CheckAsync(handshake) is { } rejection)
            {
                await RefuseAsync(context, api, rejection);
                return;
            }
        }

        HandshakeTrace.Of(context)?.Identified(handshake.Principal);
        var config = api.Config;
        BackendEnvironment environment;
        if (handshake.Principal.Environment is { } keyEnvironment)
        {
            // An application's key decides the environment; the environment header only serves clients without one.
            environment = keyEnvironment;
        }
        else if (config.Routing is not null && config.RelayMode == RelayMode.Frames)
        {
            // Content-based routing picks a backend per message from its routes, not from an environment.
            environment = BackendEnvironment.Production;
        }
        else if (!TryChooseEnvironment(context.Request, config, out environment, out var refusal))
        {
            await RefuseAsync(context, api, refusal);
            return;
        }

        // Connection caps (tier per application and per user, per client IP) answer 429; the API and listener totals 503.
        var principal = handshake.Principal;
        var admission = throttles.Admit(new ThrottleSubject(
            listener.Id, null, api.Id, principal.ApplicationId, principal.Username, handshake.Tier, context.Connection.RemoteIpAddress));
        if (admission.Rejection is { } tooMany)
        {
            await RefuseAsync(context, api, tooMany);
            return;
        }

        using var throttle = admission.Throttle!;
        if (!listener.TryReserveConnection())
        {
            api.CountRejected();
            await ConnectionPipeline.RejectFullAsync(context, listener);
            return;
        }

        try
        {
            if (!api.TryReserveConnection())
            {
                await RefuseAsync(context, api, new HandshakeRejection(
                    StatusCodes.Status503ServiceUnavailable,
                    "Too many connections",
                    $"API '{api.Id}' is at its limit of {config.Limits.MaxConnections} connections",
                    ConnectionPipeline.RetryAfter));
                return;
            }

            try
            {
                if (config.RelayMode == RelayMode.Stream)
                {
                    await streamRelay.HandleAsync(context, listener, api, environment, match, handshake.Principal);
                }
                else
                {
                    await RelayFramesAsync(context, listener, api, environment, match, handshake.Principal, throttle);
                }
            }
            finally
            {
                api.ReleaseConnection();
            }
        }
        finally
        {
            listener.ReleaseConnection();
        }
    }

    private async Task RelayFramesAsync(HttpContext context, ListenerRuntime listener, ApiRuntime api, BackendEnvironment environment, RouteMatch match, ConnectionPrincipal principal, ConnectionThrottle throttle)
    {
        BackendRequest request;
        try
        {
            request = CreateRequest(context, listener, api, match);
        }
        catch (ArgumentException ex)
        {
            await RefuseAsync(context, api, new HandshakeRejection(StatusCodes.Status400BadRequest, "Bad handshake", ex.Message));
            return;
        }

        if (api.Config.Routing is not null)
        {
            await routedRelay.HandleAsync(context, listener, api, request, principal, throttle);
            return;
        }

        var connected = await dialer.ConnectAnyAsync(api, environment, (url, ct) => connector.ConnectWebSocketAsync(request, url, ct), context.RequestAborted);
        if (connected is null)
        {
            await RefuseAsync(context, api, BackendDialer.NoBackend(api, environment));
            return;
        }

        var (socket, endpoint) = connected.Value;
        var leg = new BackendLeg(socket, endpoint, request);
        var client = new ClientHandshake(context);
        WebSocket clientSocket;
        try
        {
            clientSocket = await client.AcceptWebSocketAsync(
                ConnectionPipeline.AcceptContextFor(listener.Config, ChooseSubProtocol(context, socket.SubProtocol), request.Compression));
        }
        catch
        {
            leg.Stop();
            leg.Dispose();
            throw;
        }

        api.CountAccepted();
        var binding = new ApiBinding(api, environment, endpoint.Url);
        await runner.RunAsync(client, listener, clientSocket, client.Path, "api", binding, principal, session =>
        {
            ForwardingLog.Relaying(logger, session.Id, api.Id, environment.ToName(), endpoint.Url.ToString());
            return relay.RunAsync(session, leg, api);
        },
        throttle);
    }

    /// <summary>
    /// The backend's choice; when it chose none and the client sent its token as the subprotocol pair
    /// ["access_token", token], the marker is answered so browsers (which require an answer) accept the upgrade.
    /// </summary>
    internal static string? ChooseSubProtocol(HttpContext context, string? backendChoice) =>
        backendChoice ?? (context.WebSockets.WebSocketRequestedProtocols.Contains(ConnectionAuthenticator.AccessTokenProtocol) ? ConnectionAuthenticator.AccessTokenProtocol : null);

    /// <summary>The client's subprotocols without the token pair, which must never reach a backend.</summary>
    internal static string[] OfferedSubProtocols(HttpContext context)
    {
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var offered = new List<string>(requested.Count);
        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i] == ConnectionAuthenticator.AccessTokenProtocol)
            {
                i++;
                continue;
            }

            offered.Add(requested[i]);
        }

        return [.. offered];
    }

    internal Task RefuseAsync(HttpContext context, ApiRuntime api, HandshakeRejection rejection)
    {
        api.CountRejected();
        ForwardingLog.Refused(logger, api.Id, rejection.Status, rejection.Detail);
        return HandshakeProblem.WriteAsync(context, rejection);
    }

    /// <summary>Until keys decide it (identity), the environment comes from the API's environment header; production by default.</summary>
    private static bool TryChooseEnvironment(HttpRequest request, ApiConfig api, out BackendEnvironment environment, out HandshakeRejection refusal)
    {
        var value = request.Headers[api.EnvironmentHeader].ToString();
        refusal = null!;
        if (value.Length == 0 || value.Equals("production", StringComparison.OrdinalIgnoreCase))
        {
            environment = BackendEnvironment.Production;
        }
        else if (value.Equals("sandbox", StringComparison.OrdinalIgnoreCase))
        {
            environment = BackendEnvironment.Sandbox;
        }
        else
        {
            environment = default;
            refusal = new HandshakeRejection(StatusCodes.Status400BadRequest, "Unknown environment", $"{api.EnvironmentHeader} must be production or sandbox, not '{value}'");
            return false;
        }

        if (api.Endpoints.For(environment).Urls.Count == 0)
        {
            refusal = new HandshakeRejection(StatusCodes.Status503ServiceUnavailable, "Environment not available", $"API '{api.Id}' has no {environment.ToName()} endpoints");
            return false;
        }

        return true;
    }

    internal static BackendRequest CreateRequest(HttpContext context, ListenerRuntime listener, ApiRuntime api, RouteMatch match)
    {
        var config = api.Config;
        var request = context.Request;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in config.Policies.ForwardHeaders)
        {
            if (RawBackendConnector.CanForward(name) && request.Headers.TryGetValue(name, out var value) && value.Count > 0)
            {
                headers.Add(KeyValuePair.Create(name, value.ToString()));
            }
        }

        var remote = context.Connection.RemoteIpAddress;
        var priorFor = request.Headers["X-Forwarded-For"].ToString();
        var forwardedFor = remote is null ? priorFor : priorFor.Length == 0 ? remote.ToString() : priorFor + ", " + remote;
        headers.RemoveAll(h => h.Key.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase));
        if (forwardedFor.Length > 0)
        {
            headers.Add(KeyValuePair.Create("X-Forwarded-For", forwardedFor));
        }

        headers.Add(KeyValuePair.Create("X-Forwarded-Proto", listener.Config.Protocol == Configuration.ListenerProtocol.Wss ? "https" : "http"));
        if (request.Host.HasValue)
        {
            headers.Add(KeyValuePair.Create("X-Forwarded-Host", request.Host.Value!));
        }

        var keepAlive = listener.Config.KeepAliveIntervalMs > 0 ? TimeSpan.FromMilliseconds(listener.Config.KeepAliveIntervalMs) : TimeSpan.Zero;
        var pongTimeout = keepAlive > TimeSpan.Zero && listener.Config.PongTimeoutMs > 0 ? TimeSpan.FromMilliseconds(listener.Config.PongTimeoutMs) : Timeout.InfiniteTimeSpan;
        var offersDeflate = request.Headers.SecWebSocketExtensions.ToString().Contains("permessage-deflate", StringComparison.OrdinalIgnoreCase);
        return new BackendRequest(
            config,
            new PathString(match.Remainder).ToUriComponent(),
            QueryWithoutCredentials(request, (config.Authentication ?? listener.Config.Authentication).ApiKeyQuery),
            OfferedSubProtocols(context),
            headers,
            offersDeflate,
            keepAlive,
            pongTimeout);
    }

    /// <summary>
    /// The client's query without an <c>access_token</c> or API key parameter: those authenticate the client to WsGate
    /// and, like the subprotocol token pair, must never reach a backend (they were forwarded before). Other parameters
    /// pass as sent.
    /// </summary>
    internal static string QueryWithoutCredentials(HttpRequest request, string apiKeyQuery)
    {
        bool IsCredential(string name) =>
            string.Equals(name, "access_token", StringComparison.OrdinalIgnoreCase) || string.Equals(name, apiKeyQuery, StringComparison.OrdinalIgnoreCase);

        if (!request.Query.Keys.Any(IsCredential))
        {
            return request.QueryString.Value ?? "";
        }

        return QueryString.Create(request.Query.Where(p => !IsCredential(p.Key))).Value ?? "";
    }
}
