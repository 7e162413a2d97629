using WsGate.Connections;

namespace WsGate.Endpoints;

/// <summary>
/// What runs on an accepted WebSocket. A handler reads until the peer's close frame (then returns) or until
/// <see cref="WebSocketSession.Aborted"/>; <see cref="ConnectionPipeline"/> completes the closing handshake.
/// Gateway APIs plug in as another handler kind.
/// </summary>
public interface IConnectionHandler
{
    Task RunAsync(WebSocketSession session);
}
