using Microsoft.AspNetCore.Http;
using WsGate.Admission;
using WsGate.Configuration;
using WsGate.Listeners;

namespace WsGate.Http;

/// <summary>
/// A listener's front side switches (DataPower's HTTP front side handler): whether it upgrades at all, and the methods and
/// HTTP versions it takes. Every request on the port meets them once: an upgrade attempt in the admission chain
/// (<see cref="ListenerRequestStep"/>), a plain HTTP request before the listener's HTTP endpoints, rules and fallback.
/// </summary>
public static class ListenerRequestCheck
{
    /// <summary>Null when <paramref name="listener"/> takes the request; otherwise the refusal that says why.</summary>
    public static HandshakeRejection? Check(HttpRequest request, ListenerRuntime listener, bool upgrade)
    {
        var config = listener.Config;
        if (upgrade && !config.AllowWebSocketUpgrade)
        {
            return new HandshakeRejection(
                StatusCodes.Status403Forbidden,
                "WebSocket upgrade off",
                $"WebSocket upgrades are switched off on listener '{config.Id}'; it answers plain HTTP only",
                Headers: new Dictionary<string, string> { ["X-WsGate-Reason"] = "upgrade_disabled" });
        }

        var version = ListenerRequests.VersionOf(request.Protocol);
        if (!ListenerRequests.Allows(config.AllowedHttpVersions, version))
        {
            return new HandshakeRejection(
                StatusCodes.Status505HttpVersionNotsupported,
                "HTTP version not allowed",
                $"listener '{config.Id}' takes HTTP {string.Join(", ", config.AllowedHttpVersions)}, not {request.Protocol}");
        }

        if (!ListenerRequests.Allows(config.AllowedMethods, request.Method))
        {
            var allow = string.Join(", ", config.AllowedMethods.Select(m => m.ToUpperInvariant()).Distinct());
            return new HandshakeRejection(
                StatusCodes.Status405MethodNotAllowed,
                "Method not allowed",
                $"listener '{config.Id}' takes {allow}, not {request.Method}",
                Headers: new Dictionary<string, string> { ["Allow"] = allow });
        }

        return null;
    }
}
