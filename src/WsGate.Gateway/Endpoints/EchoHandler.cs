using System.Buffers;
using System.Net.WebSockets;
using WsGate.Connections;

namespace WsGate.Endpoints;

/// <summary>
/// Echoes every message with its type (text or binary) as it arrives, frame by frame, so a large message is never held
/// whole. The send path is held from a message's first fragment to its last (RFC 6455 section 5.4), so pushes queued for
/// this connection go between messages, never inside one. On a listener with worker limits each frame's send is one work
/// item: it waits for a slot (reading nothing more meanwhile) rather than being dropped. The slot is taken only after the
/// send path and given back before the next receive, and before a send waits for the client to read, so a client that
/// stalls inside a message, stops reading, or waits behind a push keeps none of the node's slots while it waits.
/// </summary>
public sealed class EchoHandler : IConnectionHandler
{
    private const int BufferSize = 16 * 1024;

    public async Task RunAsync(WebSocketSession session)
    {
        byte[]? buffer = null;
        var holdsSend = false;
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult result;
                if (!holdsSend)
                {
                    // Between messages a zero-byte receive waits for the next frame's header, and the buffer goes back to the
                    // pool while it waits: an idle echo connection holds no buffer.
                    var next = session.ReceiveAsync(Memory<byte>.Empty, session.Aborted);
                    if (!next.IsCompleted && buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }

                    result = await next;
                    if (result.MessageType != WebSocketMessageType.Close && !result.EndOfMessage)
                    {
                        buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
                        result = await session.ReceiveAsync(buffer, session.Aborted);
                    }
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

                if (!holdsSend)
                {
                    await session.AcquireSendAsync(session.Aborted);
                    holdsSend = true;
                }

                // The same pool gives the slot back even if the listener's limits change meanwhile.
                var workers = session.Listener.Workers;
                if (workers is not null)
                {
                    await workers.EnterAsync(refuseWhenQueueFull: false, session.Aborted);
                }

                // The slot covers the send's own work (framing and the write into the socket). A send that has to wait for
                // the client to read gives the slot back first: a client that stops reading holds no slot while its send waits.
                var released = false;
                try
                {
                    var send = session.SendFrameLockedAsync(buffer is null ? Memory<byte>.Empty : buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, session.Aborted);
                    if (!send.IsCompleted)
                    {
                        workers?.Exit();
                        released = true;
                    }

                    await send;
                }
                finally
                {
                    if (!released)
                    {
                        workers?.Exit();
                    }
                }

                if (result.EndOfMessage)
                {
                    session.ReleaseSend();
                    holdsSend = false;
                }
            }
        }
        finally
        {
            if (holdsSend)
            {
                session.ReleaseSend();
            }

            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
