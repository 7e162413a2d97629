using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using WsGate.Admission;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Listeners;
using WsGate.Routing;

namespace WsGate.UnitTests.Admission;

/// <summary>
/// Admission contexts built as <c>ConnectionPipeline</c> builds them, over a <see cref="DefaultHttpContext"/> that holds
/// a well-formed opening handshake (RFC 6455 section 4.1), so each step is run without a server.
/// </summary>
internal static class Admissions
{
    public const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    /// <summary>A published API at <c>/chat/v1</c> on listener <c>edge</c> with one production backend.</summary>
    public static ApiConfig Chat { get; } = new()
    {
        Id = "chat",
        Name = "chat",
        Context = "/chat",
        Version = "v1",
        Listeners = ["edge"],
        Lifecycle = ApiLifecycle.Published,
        Endpoints = new ApiEndpointsConfig { Production = new BackendGroupConfig { Urls = ["ws://backend:9000/"] } },
    };

    public static ListenerRuntime Listener(int maxConnections = 0) =>
        new(new ListenerConfig { Id = "edge", Bindings = ["127.0.0.1:0"], MaxConnections = maxConnections }, new WorkerScheduler());

    public static ApiRuntime Api(ApiConfig? config = null, TimeProvider? time = null) => new(config ?? Chat, time ?? TimeProvider.System);

    /// <summary>A GET with Upgrade, Connection, version 13 and a key, upgradable; <paramref name="change"/> edits it.</summary>
    public static DefaultHttpContext Handshake(Action<HttpRequest>? change = null, bool upgradable = true)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "GET";
        request.Protocol = "HTTP/1.1";
        request.Path = "/chat/v1";
        request.Headers.Upgrade = "websocket";
        request.Headers.Connection = "Upgrade";
        request.Headers.SecWebSocketVersion = "13";
        request.Headers.SecWebSocketKey = Key;
        context.Features.Set<IHttpUpgradeFeature>(new Upgradable(upgradable));
        change?.Invoke(request);
        return context;
    }

    /// <summary>A handshake routed to <paramref name="api"/> (its <c>/chat/v1</c> route).</summary>
    public static AdmissionContext ForApi(ApiRuntime api, Action<HttpRequest>? change = null, ListenerRuntime? listener = null)
    {
        var http = Handshake(change);
        var path = http.Request.Path.Value!;
        var route = new ApiRoute(api.Config.Paths().First(), api);
        return new AdmissionContext(http, listener ?? Listener(), path, null, new RouteMatch(route, path[Math.Min(route.Path.Length, path.Length)..]));
    }

    /// <summary>A handshake for the listener's own echo endpoint at <c>/echo</c>.</summary>
    public static AdmissionContext ForEndpoint(Action<HttpRequest>? change = null, ListenerRuntime? listener = null)
    {
        var http = Handshake(r =>
        {
            r.Path = "/echo";
            change?.Invoke(r);
        });
        return new AdmissionContext(http, listener ?? Listener(), "/echo", new EndpointConfig { Path = "/echo", Kind = EndpointKind.Echo }, null);
    }

    /// <summary>A handshake for a path with neither an endpoint nor an API.</summary>
    public static AdmissionContext ForNothing(string path) =>
        new(Handshake(r => r.Path = path), Listener(), path, null, null);

    private sealed class Upgradable(bool upgradable) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => upgradable;

        public Task<Stream> UpgradeAsync() => throw new NotSupportedException();
    }
}
