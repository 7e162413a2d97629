using Microsoft.AspNetCore.Http;

namespace WsGate.Endpoints;

/// <summary>
/// Serves the developer portal (sign-in, applications, keys, try-it) for a listener's endpoint of kind <c>portal</c>.
/// The portal is the admin host's; the admin host provides this, so a public listener can show the portal while the
/// admin port stays private.
/// </summary>
public interface IPortalHost
{
    /// <summary>Answers a request under <paramref name="mount"/> (the endpoint's path), <paramref name="inner"/> being the rest of its path.</summary>
    Task HandleAsync(HttpContext context, PathString mount, PathString inner);
}
