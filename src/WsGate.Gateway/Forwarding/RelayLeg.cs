using System.Net.WebSockets;
using WsGate.Connections;
using WsGate.Protocol;
using WsGate.Threading;

namespace WsGate.Forwarding;

/// <summary>
/// One side of a relayed connection, the client's or a backend's: its transport, the reader that follows the frames it
/// sends, and the discipline of what is written to it. Several writers share a leg's output (the pump that forwards the
/// other side's frames, the pump that answers this side's pings, WsGate's own closes, pings and pushed messages), so
/// two locks keep the wire valid: <see cref="FrameLock"/> is held for a frame's bytes (nothing may go inside a frame),
/// <see cref="MessageLock"/> from a data message's first frame to its last (another message may not go between its
/// fragments, RFC 6455 section 5.4; control frames may, section 5.5). Locks are taken message lock first.
/// </summary>
internal sealed class RelayLeg
{
    private byte[]? _pendingPong;
    private int _pendingPongLength = -1;
    private Transport _transport;

    // 1 while a schema error message to this (backend) side is on its way: there is only ever one.
    private int _schemaReplyPending;

    public RelayLeg(Transport transport, bool isClient, bool deflate, bool strict)
    {
        _transport = transport;
        IsClient = isClient;
        Reader = new FrameReader(fromClient: isClient, deflate, strict);
    }

    /// <summary>The connection itself; a backend leg's changes when the relay fails over to another endpoint.</summary>
    public Transport Transport => Volatile.Read(ref _transport);

    /// <summary>The client's side: frames from it are masked, frames to it are not (RFC 6455 section 5.3).</summary>
    public bool IsClient { get; }

    /// <summary>Follows the frames this side sends.</summary>
    public FrameReader Reader { get; }

    public string Name => IsClient ? "client" : "backend";

    public AsyncGate FrameLock { get; } = new();

    public AsyncGate MessageLock { get; } = new();

    /// <summary>A close frame was written to this side: nothing more may be (RFC 6455 section 5.5.1). Set under <see cref="FrameLock"/>.</summary>
    public bool CloseSent { get; set; }

    /// <summary>This side sent its close frame (or was failed): what it sends after is not read.</summary>
    public bool CloseReceived { get; set; }

    /// <summary>The close code this side sent, if it sent one.</summary>
    public int? ReceivedCloseCode { get; set; }

    public string? ReceivedCloseReason { get; set; }

    /// <summary>When WsGate's last keepalive ping to this side went out, while its pong is awaited; 0 otherwise.</summary>
    public long PingSentAt { get; set; }

    /// <summary>When the last keepalive ping went out (answered or not): the next one is due an interval later.</summary>
    public long LastPingAt { get; set; }

    /// <summary>Claims the one schema error message this side may have on its way; false while another is.</summary>
    public bool TryStartSchemaReply() => Interlocked.Exchange(ref _schemaReplyPending, 1) == 0;

    /// <summary>The schema error message on its way went (or could not): the next may.</summary>
    public void SchemaReplyEnded() => Volatile.Write(ref _schemaReplyPending, 0);

    public void Replace(Transport transport)
    {
        var old = Interlocked.Exchange(ref _transport, transport);
        old.Abort();
        Reader.Reset();
        PingSentAt = 0;
    }

    /// <summary>
    /// Writes one frame WsGate originates (a close, a ping, a pong, a message it injects): masked toward a backend,
    /// unmasked toward the client. The caller holds <see cref="FrameLock"/>.
    /// </summary>
    public async ValueTask WriteFrameLockedAsync(Opcode opcode, ReadOnlyMemory<byte> payload, bool fin = true)
    {
        var masked = !IsClient;
        var frame = System.Buffers.ArrayPool<byte>.Shared.Rent(FrameWriter.HeaderLength(payload.Length, masked) + payload.Length);
        try
        {
            var length = FrameWriter.Write(frame, opcode, fin, 0, payload.Span, masked);
            await Transport.SendAsync(frame.AsMemory(0, length));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>Sends a close frame unless one was sent already; false when none could be (already sent, or the leg failed).</summary>
    public async ValueTask<bool> SendCloseLockedAsync(int code, string? reason)
    {
        if (CloseSent)
        {
            return false;
        }

        CloseSent = true;
        var payload = new byte[FrameHeader.MaxControlPayload];
        var length = CloseFrame.WritePayload(payload, code, reason);
        try
        {
            await WriteFrameLockedAsync(Opcode.Close, payload.AsMemory(0, length));
            return true;
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// Answers a ping from this side (RFC 6455 section 5.5.3: a pong with the ping's payload, and only the most recent
    /// ping needs one). When another writer is inside a frame the pong waits for it in a slot that writer empties as it
    /// lets go, so the pump that read the ping never waits on this side's output.
    /// </summary>
    public ValueTask AnswerPingAsync(ReadOnlySpan<byte> payload)
    {
        lock (this)
        {
            _pendingPong ??= new byte[FrameHeader.MaxControlPayload];
            payload.CopyTo(_pendingPong);
            _pendingPongLength = payload.Length;
        }

        return FrameLock.TryEnter() ? FlushPongAndReleaseAsync() : ValueTask.CompletedTask;
    }

    /// <summary>Lets go of <see cref="FrameLock"/>, first writing a pong that waited for it.</summary>
    public ValueTask ReleaseFrameAsync()
    {
        if (Volatile.Read(ref _pendingPongLength) < 0)
        {
            FrameLock.Exit();

            // A pong may have been set just before the release; its writer found the lock taken, so it is sent from here.
            return Volatile.Read(ref _pendingPongLength) >= 0 && FrameLock.TryEnter() ? FlushPongAndReleaseAsync() : ValueTask.CompletedTask;
        }

        return FlushPongAndReleaseAsync();
    }

    private async ValueTask FlushPongAndReleaseAsync()
    {
        try
        {
            while (true)
            {
                byte[] pong;
                lock (this)
                {
                    if (_pendingPongLength < 0)
                    {
                        break;
                    }

                    pong = _pendingPong.AsSpan(0, _pendingPongLength).ToArray();
                    _pendingPongLength = -1;
                }

                if (!CloseSent)
                {
                    await WriteFrameLockedAsync(Opcode.Pong, pong);
                }
            }
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            // The side is gone; its pump finds out on its own.
        }
        finally
        {
            FrameLock.Exit();
        }
    }

    public static bool IsTransportError(Exception ex) =>
        ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or OperationCanceledException or WebSocketException;
}
