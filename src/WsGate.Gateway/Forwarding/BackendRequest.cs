using WsGate.Configuration.Apis;

namespace WsGate.Forwarding;

/// <summary>What the backend handshake carries from the client's: path remainder, query, subprotocols and chosen headers.</summary>
public sealed record BackendRequest(
    ApiConfig Api,
    string PathRemainder,
    string Query,
    IReadOnlyList<string> SubProtocols,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    bool Compression,
    TimeSpan KeepAliveInterval,
    TimeSpan KeepAliveTimeout)
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
