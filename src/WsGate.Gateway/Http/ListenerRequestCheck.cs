using Microsoft.AspNetCore.Http;
using WsGate.Admission;
using WsGate.Configuration;
using WsGate.Listeners;
using WsGate.Protocol;

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

        // An HTTP/2 handshake is a CONNECT (RFC 8441 section 4) standing for HTTP/1.1's GET: the method lists name GET for both.
        var method = upgrade && WebSocketHandshake.IsExtendedConnect(request.HttpContext) ? HttpMethods.Get : request.Method;
        if (!ListenerRequests.Allows(config.AllowedMethods, method))
        {
            var allow = string.Join(", ", config.AllowedMethods.Select(m => m.ToUpperInvariant()).Distinct());
            return new HandshakeRejection(
                StatusCodes.Status405MethodNotAllowed,
                "Method not allowed",
                $"listener '{config.Id}' takes {allow}, not {method}",
                Headers: new Dictionary<string, string> { ["Allow"] = allow });
        }

        return null;
    }
}
