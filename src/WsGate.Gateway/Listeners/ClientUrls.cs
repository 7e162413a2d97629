using WsGate.Configuration;
using WsGate.Configuration.Validation;

namespace WsGate.Listeners;

/// <summary>
/// The URLs clients use to reach a running listener, for everything that shows them (the portal, the try-it console, the
/// listener view, the start-up banner): its advertised <see cref="ListenerConfig.PublicUrl"/> when it has one (behind a
/// load balancer or TLS terminator the bound address is not what clients dial), else each address it is bound to.
/// </summary>
public static class ClientUrls
{
    /// <summary>
    /// <c>wss://host[:port][/prefix]</c> roots, none when the listener is not running. A wildcard binding (0.0.0.0, [::])
    /// is shown with <paramref name="wildcardHost"/> (the host name the browser used) when one is given.
    /// </summary>
    public static IReadOnlyList<string> Roots(ListenerRuntime? listener, string? wildcardHost = null)
    {
        if (listener is not { State: ListenerState.Enabled })
        {
            return [];
        }

        if (listener.Config.PublicUrl is { } advertised && PublicUrl.TryParse(advertised, out var root, out _))
        {
            return [root];
        }

        var roots = new List<string>();
        foreach (var address in listener.BoundAddresses)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var bound))
            {
                continue;
            }

            var host = bound.Host is "0.0.0.0" or "[::]" or "::" && !string.IsNullOrEmpty(wildcardHost) ? wildcardHost : bound.Host;
            roots.Add($"{bound.Scheme}://{host}:{bound.Port}");
        }

        return roots;
    }

    /// <summary>The URL of each of the listener's WebSocket endpoints (echo, channel) under each root.</summary>
    public static IReadOnlyList<(EndpointConfig Endpoint, string Url)> Endpoints(ListenerRuntime? listener, string? wildcardHost = null) =>
        Roots(listener, wildcardHost)
            .SelectMany(root => listener!.Config.Endpoints
                .Where(e => e.Kind is EndpointKind.Echo or EndpointKind.Channel)
                .Select(e => (e, root + e.Path)))
            .ToList();
}
