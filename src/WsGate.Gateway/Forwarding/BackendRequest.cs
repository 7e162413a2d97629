using WsGate.Configuration.Apis;

namespace WsGate.Forwarding;

/// <summary>
/// What the backend handshake carries from the client's: path remainder, query, subprotocols, chosen headers and the
/// permessage-deflate offer to make (<see cref="Protocol.PerMessageDeflate.RelayOffer"/>), if any. The keepalive applies
/// where WsGate terminates the backend's WebSocket itself (outbound clients, probes).
/// </summary>
public sealed record BackendRequest(
    ApiConfig Api,
    string PathRemainder,
    string Query,
    IReadOnlyList<string> SubProtocols,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Extensions = null,
    TimeSpan KeepAliveInterval = default,
    TimeSpan? KeepAliveTimeout = null)
{
    /// <summary>The backend URL with the client's remaining path appended and both queries joined.</summary>
    public Uri TargetFor(Uri endpoint)
    {
        var builder = new UriBuilder(endpoint);
        if (PathRemainder.Length > 0)
        {
            builder.Path = endpoint.AbsolutePath.TrimEnd('/') + PathRemainder;
        }

        var baseQuery = endpoint.Query.TrimStart('?');
        var clientQuery = Query.TrimStart('?');
        builder.Query = baseQuery.Length == 0 ? clientQuery : clientQuery.Length == 0 ? baseQuery : baseQuery + "&" + clientQuery;
        return builder.Uri;
    }
}
