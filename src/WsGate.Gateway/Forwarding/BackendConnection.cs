using WsGate.Connections;

namespace WsGate.Forwarding;

/// <summary>
/// A backend that answered 101: its transport (starting with any bytes it sent right after its response head), its
/// response headers, and what was negotiated: the subprotocol it chose and its permessage-deflate answer, if any.
/// </summary>
public sealed record BackendConnection(Transport Transport, IReadOnlyDictionary<string, string> Headers)
{
    public string? SubProtocol { get; init; }

    public string? Extensions { get; init; }
}
