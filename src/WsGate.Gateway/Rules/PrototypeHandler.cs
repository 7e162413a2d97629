using System.Buffers;
using System.Net.WebSockets;
using WsGate.Connections;
using WsGate.Endpoints;

namespace WsGate.Rules;

/// <summary>
/// Runs a connection of a prototyped API: there is no backend, so the handler only reads. Every message passes through
/// the session's receive path (counted, held to the limits and rate limits) into its rule tap, which always listens on a
/// prototype; the rule engine answers with the API's mock replies and rules, or says that nothing matched.
/// </summary>
public sealed class PrototypeHandler : IConnectionHandler
{
    private const int BufferSize = 16 * 1024;

    public async Task RunAsync(WebSocketSession session)
    {
        byte[]? buffer = null;
        var inMessage = false;
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult result;
                if (!inMessage)
                {
                    // As the echo does: between messages a zero-byte receive waits, and no buffer is held while idle.
                    var next = session.ReceiveAsync(Memory<byte>.Empty, session.Aborted);
                    if (!next.IsCompleted && buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }

                    result = await next;
                }
                else
                {
                    buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
                    result = await session.ReceiveAsync(buffer, session.Aborted);
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                inMessage = !result.EndOfMessage;
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
