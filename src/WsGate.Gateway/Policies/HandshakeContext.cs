using Microsoft.AspNetCore.Http;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Routing;

namespace WsGate.Policies;

/// <summary>A handshake to an API as the pre-upgrade policies see it.</summary>
public sealed record HandshakeContext(HttpContext Http, ListenerRuntime Listener, ApiRuntime Api, RouteMatch Route)
{
    /// <summary>Who the client is, once <see cref="AuthenticationPolicy"/> has run; anonymous until then.</summary>
    public ConnectionPrincipal Principal { get; set; } = ConnectionPrincipal.Anonymous;

    /// <summary>The tier of the application's subscription to the API, once authenticated; null without one.</summary>
    public string? Tier { get; set; }
}
