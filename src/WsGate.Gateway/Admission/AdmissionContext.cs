using Microsoft.AspNetCore.Http;
using WsGate.Analytics;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Routing;
using WsGate.Throttling;

namespace WsGate.Admission;

/// <summary>
/// An upgrade request on its way through the admission chain, and what the chain found out about it: the target (a
/// built-in endpoint or an API route), who the client is, its tier and environment, and the leases taken (connection
/// slots, the connection's throttle). Once the connection is accepted its lifetime owns the leases
/// (<see cref="TakeLeases"/>) and gives them back when it ends; a refused or failed handshake gives them back at once
/// (<see cref="Dispose"/>). Nothing keeps this context, or its request, after the 101.
/// </summary>
public sealed class AdmissionContext(HttpContext http, ListenerRuntime listener, string path, EndpointConfig? endpoint, RouteMatch? route) : IDisposable
{
    private AdmissionLeases _leases = new();
    private WorkerPool? _work;

    public HttpContext Http { get; } = http;

    public ListenerRuntime Listener { get; } = listener;

    /// <summary>The request path without URL credentials.</summary>
    public string Path { get; } = path;

    /// <summary>The listener's own endpoint (echo, channel) the request is for; null for an API.</summary>
    public EndpointConfig? Endpoint { get; } = endpoint;

    /// <summary>The API route the request matched; null for a built-in endpoint.</summary>
    public RouteMatch? Route { get; } = route;

    public ApiRuntime? Api => Route?.Route.Api;

    /// <summary>Who the client is, once the authentication step has run; anonymous until then.</summary>
    public ConnectionPrincipal Principal { get; set; } = ConnectionPrincipal.Anonymous;

    /// <summary>The tier of the application's subscription to the API, once authenticated; null without one.</summary>
    public string? Tier { get; set; }

    /// <summary>The API environment the connection's backend comes from.</summary>
    public BackendEnvironment Environment { get; set; } = BackendEnvironment.Production;

    /// <summary>The connection's rate limits and its share of the connection caps, once the throttle step admitted it.</summary>
    public ConnectionThrottle? Throttle { get; set; }

    public HandshakeTrace? Trace => HandshakeTrace.Of(Http);

    /// <summary>Keeps <paramref name="lease"/> until the connection ends (or the handshake fails).</summary>
    public void Hold(IDisposable lease) => _leases.Add(lease);

    /// <summary>Holds a work slot of <paramref name="workers"/> until admission ends (<see cref="EndWork"/>), whatever its outcome.</summary>
    public void HoldWork(WorkerPool workers) => _work = workers;

    /// <summary>Gives back the work slot taken for admission, if any; once.</summary>
    public void EndWork() => Interlocked.Exchange(ref _work, null)?.Exit();

    /// <summary>Hands the leases to the accepted connection's lifetime; this context holds none after.</summary>
    public AdmissionLeases TakeLeases() => Interlocked.Exchange(ref _leases, new AdmissionLeases());

    /// <summary>Gives back every lease still held here.</summary>
    public void Dispose() => _leases.Dispose();
}
