using Microsoft.AspNetCore.Http;
using WsGate.Listeners;
using WsGate.Routing;

namespace WsGate.Policies;

/// <summary>A handshake to an API as the pre-upgrade policies see it.</summary>
public sealed record HandshakeContext(HttpContext Http, ListenerRuntime Listener, ApiRuntime Api, RouteMatch Route);
