using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsGate.Admission;
using WsGate.Analytics;
using WsGate.Configuration.Apis;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Protocol;
using WsGate.Routing;
using WsGate.Rules;

namespace WsGate.Forwarding;

/// <summary>
/// Accepts an admitted handshake to an API. In <c>frames</c> and <c>stream</c> mode it connects to a backend endpoint
/// BEFORE answering the client, so an unreachable backend is an HTTP 502 rather than an upgrade followed by a close,
/// and the client's 101 carries what the backend agreed to; content-routed APIs answer at once and connect per route.
/// A prototyped API dials nothing: its client gets a WebSocket WsGate terminates, answered by the API's mock rules.
/// The connection then belongs to its lifetime (<see cref="ConnectionLifetime"/>).
/// </summary>
public sealed class ApiAcceptor(
    BackendConnector connector,
    BackendDialer dialer,
    AdmissionChain chain,
    ConnectionLifetime lifetime,
    GatewayAnalytics analytics,
    PrototypeHandler prototype,
    TimeProvider time,
    ILogger<ApiAcceptor> logger,
    ILogger<WebSocketSession> sessionLogger)
{
    private static readonly string[] ClientHandshakeHeaders = ["Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions"];
    private static readonly string[] BackendAnswerHeaders = ["Sec-WebSocket-Accept", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"];

    private readonly RelayServices _services = new(connector, analytics, time, logger);

    public async Task AcceptAsync(AdmissionContext admitted)
    {
        var context = admitted.Http;
        var api = admitted.Api!;
        if (api.Config.Lifecycle == ApiLifecycle.Prototyped)
        {
            await AcceptPrototypeAsync(admitted);
            return;
        }

        BackendRequest request;
        try
        {
            request = CreateRequest(context, admitted.Listener, api, admitted.Route!.Value);
        }
        catch (ArgumentException ex)
        {
            admitted.Dispose();
            await chain.RefuseAsync(admitted, new HandshakeRejection(StatusCodes.Status400BadRequest, "Bad handshake", ex.Message));
            return;
        }

        if (api.Config.RelayMode == RelayMode.Stream && WebSocketHandshake.IsExtendedConnect(context))
        {
            // Stream mode hands the client's own HTTP/1.1 handshake to the backend, and an HTTP/2 stream has none to hand.
            admitted.Dispose();
            await chain.RefuseAsync(admitted, new HandshakeRejection(
                StatusCodes.Status505HttpVersionNotsupported,
                "HTTP/2 not relayed in stream mode",
                $"API '{api.Config.Id}' relays in stream mode, which passes the client's HTTP/1.1 handshake to its backend: connect over HTTP/1.1, or give the API relayMode frames"));
        }
        else if (api.Config.RelayMode == RelayMode.Stream)
        {
            await AcceptStreamAsync(admitted, request);
        }
        else if (api.Config.Routing is not null)
        {
            await AcceptRoutedAsync(admitted, request);
        }
        else
        {
            await AcceptFramesAsync(admitted, request);
        }
    }

    /// <summary>
    /// Frames mode: WsGate's own handshake with the backend, offering the client's subprotocols and its permessage-deflate
    /// offer end to end (<see cref="PerMessageDeflate"/>), but for an API with a message schema, which negotiates no
    /// compression; the client's 101 repeats what the backend chose.
    /// </summary>
    private async Task AcceptFramesAsync(AdmissionContext admitted, BackendRequest request)
    {
        var context = admitted.Http;
        var api = admitted.Api!;
        // With a message schema nothing is offered: a checked message is read whole as it came, so it must come uncompressed.
        var clientOffer = api.Config.MessageSchema is null ? context.Request.Headers.SecWebSocketExtensions.ToString() : "";
        request = request with { Extensions = clientOffer.Length > 0 ? PerMessageDeflate.RelayOffer(clientOffer) : null };
        var connected = await dialer.ConnectAnyAsync(api, admitted.Environment, (url, ct) => connector.ConnectFramesAsync(request, url, ct), context.RequestAborted);
        if (connected is not var (backend, endpoint))
        {
            admitted.Dispose();
            await chain.RefuseAsync(admitted, BackendDialer.NoBackend(api, admitted.Environment));
            return;
        }

        var clientExtensions = backend.Extensions is { } answer ? PerMessageDeflate.ClientAnswer(answer) : null;
        var subProtocol = ChooseSubProtocol(context, backend.SubProtocol);
        var pending = await UpgradeAsync(context, ClientUpgrade.AnswerFor(context, subProtocol, clientExtensions), backend);
        var start = Describe(admitted, endpoint);
        lifetime.Start(admitted, pending, client =>
        {
            var connection = new RelayConnection(
                ConnectionRegistry.NewId(), client, backend, endpoint, strict: true, deflate: clientExtensions is not null,
                start.Listener, start.Path, start.Remote, start.Binding, request, start.Throttle, _services)
            {
                Principal = start.Principal,
            };
            connection.Negotiated(backend.SubProtocol, backend.Extensions);
            ForwardingLog.Relaying(logger, connection.Id, api.Id, start.Binding.Environment.ToName(), endpoint.Url.ToString());
            return connection;
        },
        () => backend.Transport.DisposeAsync());
    }

    /// <summary>
    /// Stream mode: the client's own handshake goes to the backend (same key, version, extensions; subprotocols without a
    /// token pair), and the backend's answer goes back unchanged, so everything negotiated holds end to end.
    /// </summary>
    private async Task AcceptStreamAsync(AdmissionContext admitted, BackendRequest request)
    {
        var context = admitted.Http;
        var api = admitted.Api!;
        var handshake = ClientHandshakeHeaders
            .Where(h => context.Request.Headers.ContainsKey(h))
            .Select(h => KeyValuePair.Create(h, context.Request.Headers[h].ToString()))
            .ToList();
        if (request.SubProtocols.Count > 0)
        {
            handshake.Add(KeyValuePair.Create("Sec-WebSocket-Protocol", string.Join(", ", request.SubProtocols)));
        }

        var connected = await dialer.ConnectAnyAsync(api, admitted.Environment, (url, ct) => connector.ConnectAsync(request, url, handshake, ct), context.RequestAborted);
        if (connected is not var (backend, endpoint))
        {
            admitted.Dispose();
            await chain.RefuseAsync(admitted, BackendDialer.NoBackend(api, admitted.Environment));
            return;
        }

        var answer = new List<KeyValuePair<string, string>>();
        foreach (var name in BackendAnswerHeaders)
        {
            if (backend.Headers.TryGetValue(name, out var value))
            {
                answer.Add(KeyValuePair.Create(name, value));
            }
        }

        if (!backend.Headers.ContainsKey("Sec-WebSocket-Protocol") && ChooseSubProtocol(context, null) is { } marker)
        {
            answer.Add(KeyValuePair.Create("Sec-WebSocket-Protocol", marker));
        }

        var pending = await UpgradeAsync(context, answer, backend);
        var start = Describe(admitted, endpoint);
        lifetime.Start(admitted, pending, client =>
        {
            var connection = new RelayConnection(
                ConnectionRegistry.NewId(), client, backend, endpoint, strict: false, deflate: false,
                start.Listener, start.Path, start.Remote, start.Binding, request, start.Throttle, _services)
            {
                Principal = start.Principal,
            };
            ForwardingLog.Relaying(logger, connection.Id, api.Id, start.Binding.Environment.ToName(), endpoint.Url.ToString());
            return connection;
        },
        () => backend.Transport.DisposeAsync());
    }

    /// <summary>Content-based routing: backends are chosen per message, so none is asked before the upgrade and nothing is negotiated with them.</summary>
    private async Task AcceptRoutedAsync(AdmissionContext admitted, BackendRequest request)
    {
        var context = admitted.Http;
        var api = admitted.Api!;
        var routes = RouteSet.For(api.Config.Routing!);
        var pending = await ClientUpgrade.UpgradeAsync(context, ClientUpgrade.AnswerFor(context, ChooseSubProtocol(context, null), null));
        var start = Describe(admitted, null, routes.Display);
        lifetime.Start(admitted, pending, client => new RoutedConnection(
            ConnectionRegistry.NewId(), client, routes, start.Listener, start.Path, start.Remote, start.Binding, request, start.Throttle, _services)
        {
            Principal = start.Principal,
        });
    }

    /// <summary>
    /// Prototype: answered at once with no subprotocol of a backend's and no compression, and run as a session WsGate
    /// terminates, whose messages go to the rule engine (<see cref="PrototypeHandler"/>).
    /// </summary>
    private async Task AcceptPrototypeAsync(AdmissionContext admitted)
    {
        var context = admitted.Http;
        var api = admitted.Api!;
        var options = WebSocketSession.ServerOptions(admitted.Listener.Config);
        var pending = await ClientUpgrade.UpgradeAsync(context, ClientUpgrade.AnswerFor(context, ChooseSubProtocol(context, null), null));
        var start = Describe(admitted, null, PrototypeBackend(api.Id));
        var binding = start.Binding with { IsPrototype = true };
        lifetime.Start(admitted, pending, accepted =>
        {
            var session = new WebSocketSession(
                ConnectionRegistry.NewId(), accepted, WebSocket.CreateFromStream(accepted.AsStream(), options), start.Listener, start.Path, "prototype",
                start.Remote, time, start.Throttle, prototype.RunAsync, sessionLogger, binding)
            {
                Principal = start.Principal,
            };
            ForwardingLog.Prototype(logger, session.Id, api.Id);
            return session;
        });
    }

    /// <summary>What a prototype connection shows as its backend: the API's mock.</summary>
    internal static Uri PrototypeBackend(string apiId) => new("mock:" + apiId);

    private static async Task<Task<Transport>> UpgradeAsync(HttpContext context, IEnumerable<KeyValuePair<string, string>> answer, BackendConnection backend)
    {
        try
        {
            return await ClientUpgrade.UpgradeAsync(context, answer);
        }
        catch
        {
            await backend.Transport.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the connection keeps of its handshake: nothing that holds the request.</summary>
    private static Accepted Describe(AdmissionContext admitted, BackendEndpoint? endpoint, Uri? display = null)
    {
        var connection = admitted.Http.Connection;
        return new Accepted(
            admitted.Listener,
            admitted.Path,
            connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, connection.RemotePort) : null,
            new ApiBinding(admitted.Api!, admitted.Environment, endpoint?.Url ?? display!),
            admitted.Throttle,
            admitted.Principal);
    }

    /// <summary>
    /// The backend's choice; when it chose none and the client sent its token as the subprotocol pair
    /// ["access_token", token], the marker is answered so browsers (which require an answer) accept the upgrade.
    /// </summary>
    internal static string? ChooseSubProtocol(HttpContext context, string? backendChoice) =>
        backendChoice ?? (WebSocketHandshake.RequestedSubProtocols(context.Request).Contains(ConnectionAuthenticator.AccessTokenProtocol) ? ConnectionAuthenticator.AccessTokenProtocol : null);

    /// <summary>The client's subprotocols without the token pair, which must never reach a backend.</summary>
    internal static string[] OfferedSubProtocols(HttpContext context)
    {
        var requested = WebSocketHandshake.RequestedSubProtocols(context.Request);
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

    internal static BackendRequest CreateRequest(HttpContext context, ListenerRuntime listener, ApiRuntime api, RouteMatch match)
    {
        var config = api.Config;
        var request = context.Request;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in config.Policies.ForwardHeaders)
        {
            if (BackendConnector.CanForward(name) && request.Headers.TryGetValue(name, out var value) && value.Count > 0)
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

        return new BackendRequest(
            config,
            new PathString(match.Remainder).ToUriComponent(),
            QueryWithoutCredentials(request, (config.Authentication ?? listener.Config.Authentication).ApiKeyQuery),
            OfferedSubProtocols(context),
            headers);
    }

    /// <summary>
    /// The client's query without an <c>access_token</c> or API key parameter: those authenticate the client to WsGate
    /// and, like the subprotocol token pair, must never reach a backend. Other parameters pass as sent.
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

    private sealed record Accepted(ListenerRuntime Listener, string Path, IPEndPoint? Remote, ApiBinding Binding, Throttling.ConnectionThrottle? Throttle, ConnectionPrincipal Principal);
}
