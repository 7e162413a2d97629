using Microsoft.AspNetCore.Http;
using WsGate.Configuration.Apis;
using WsGate.Listeners;

namespace WsGate.Admin.Portal;

/// <summary>
/// The ws:// and wss:// URLs a subscriber uses, through <see cref="ClientUrls"/>: each running listener's advertised
/// address, or each bound address with a wildcard binding (0.0.0.0, [::]) shown under the host name the browser used.
/// </summary>
public static class PortalUrls
{
    /// <summary>Every URL of every path of <paramref name="api"/> on the running listeners it is published on.</summary>
    public static IReadOnlyList<string> For(ApiConfig api, ListenerManager listeners, HttpRequest request) =>
        api.Listeners
            .SelectMany(id => Roots(listeners.Find(id), request))
            .SelectMany(root => api.Paths().Select(p => root + p))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>The roots clients use for a running listener; none when it is not running.</summary>
    public static IReadOnlyList<string> Roots(ListenerRuntime? listener, HttpRequest request) => ClientUrls.Roots(listener, request.Host.Host);
}
