using System.Globalization;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Outbound;

namespace WsGate.Configuration;

/// <summary>
/// The ids RoboTask's WS Connection Manager gives a server or client created without one (<c>WS_SERVER_N</c>,
/// <c>WS_CLIENT_N</c>), and WsGate's own pattern for APIs (<c>WS_API_N</c>): the lowest N from 1 that no object of the
/// same kind holds, ignoring case as ids are compared. Only a create through the admin API, the console or the CLI leaves
/// the id to WsGate; an imported document names every id, so that importing it gives the same result on every server.
/// </summary>
public static class DefaultIds
{
    public const string ListenerPrefix = "WS_SERVER_";
    public const string ClientPrefix = "WS_CLIENT_";
    public const string ApiPrefix = "WS_API_";

    /// <summary>
    /// <paramref name="listener"/> as it joins <paramref name="config"/>: its own id, or the next free <c>WS_SERVER_N</c>
    /// when it has none (an empty id counts as none). Called inside the change, against the snapshot being changed, so two
    /// creates at once never get the same id.
    /// </summary>
    public static ListenerConfig Assign(ListenerConfig listener, GatewayConfig config) =>
        listener.Id.Length > 0 ? listener : listener with { Id = NextFree(ListenerPrefix, config.Listeners.Select(l => l.Id)) };

    /// <summary>The same for an outbound client: the next free <c>WS_CLIENT_N</c>.</summary>
    public static OutboundClientConfig Assign(OutboundClientConfig client, GatewayConfig config) =>
        client.Id.Length > 0 ? client : client with { Id = NextFree(ClientPrefix, config.Clients.Select(c => c.Id)) };

    /// <summary>The same for an API: the next free <c>WS_API_N</c>.</summary>
    public static ApiConfig Assign(ApiConfig api, GatewayConfig config) =>
        api.Id.Length > 0 ? api : api with { Id = NextFree(ApiPrefix, config.Apis.Select(a => a.Id)) };

    /// <summary><paramref name="prefix"/> followed by the lowest N from 1 that makes an id none of <paramref name="taken"/> is.</summary>
    public static string NextFree(string prefix, IEnumerable<string> taken)
    {
        var used = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        for (var n = 1; ; n++)
        {
            var id = prefix + n.ToString(CultureInfo.InvariantCulture);
            if (!used.Contains(id))
            {
                return id;
            }
        }
    }
}
