using Microsoft.AspNetCore.Http;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Listeners;

namespace WsGate.Admin.Portal;

/// <summary>
/// The ws:// and wss:// URLs a client uses: each running listener, each bound address. A wildcard binding (0.0.0.0, [::])
/// is shown with the host name the browser used for the portal.
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

    /// <summary><c>ws://host:port</c> for each address a running listener is bound to; none when it is not running.</summary>
    public static IEnumerable<string> Roots(ListenerRuntime? listener, HttpRequest request)
    {
        if (listener is not { State: ListenerState.Enabled })
        {
            yield break;
        }

        foreach (var address in listener.BoundAddresses)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var bound))
            {
                continue;
            }

            var host = bound.Host is "0.0.0.0" or "[::]" or "::" ? request.Host.Host : bound.Host;
            yield return $"{bound.Scheme}://{host}:{bound.Port}";
        }
    }
}
