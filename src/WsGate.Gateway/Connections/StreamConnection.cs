using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using WsGate.Forwarding;
using WsGate.Listeners;

namespace WsGate.Connections;

/// <summary>
/// A <c>stream</c>-mode proxied connection: after the handshake, bytes are copied between the client and the backend
/// without being parsed as messages. Frame headers are followed (<see cref="FrameTracker"/>) so that WsGate can still
/// count messages and close the connection properly, injecting its close frame between two frames.
/// </summary>
public sealed class StreamConnection : LiveConnection
{
    private const int BufferSize = 16 * 1024;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly Stream _client;
    private readonly Stream _backend;
    private readonly Direction _toBackend;
    private readonly Direction _toClient;
    private volatile CloseRequest? _close;

    public StreamConnection(string id, Stream client, Stream backend, ListenerRuntime listener, string path, IPEndPoint? remote, ApiBinding api, TimeProvider time)
        : base(id, listener, path, "api", remote, null, api, time)
    {
        _client = client;
        _backend = backend;
        _toBackend = new Direction(backend, masked: true);
        _toClient = new Direction(client, masked: false);
    }

    /// <summary>Copies both ways until either side closes its TCP connection, or until a close WsGate started has run its course.</summary>
    public async Task RunAsync(ReadOnlyMemory<byte> backendLeftover)
    {
        try
        {
            if (!backendLeftover.IsEmpty)
            {
                await ForwardAsync(_toClient, backendLeftover, toClient: true);
            }

            var up = PumpAsync(_client, _toBackend, toClient: false);
            var down = PumpAsync(_backend, _toClient, toClient: true);
            await Task.WhenAny(up, down);
        }
        finally
        {
            Abort();
            await _client.DisposeAsync();
            await _backend.DisposeAsync();
        }
    }

    public override async Task CloseAsync(WebSocketCloseStatus status, string? reason)
    {
        if (!MarkClosing())
        {
            return;
        }

        _close = new CloseRequest(status, reason);
        await TryInjectAsync(_toClient);
        await TryInjectAsync(_toBackend);

        // The peers answer our close frames; whatever they say, the TCP connections end shortly after.
        AbortAfter(CloseGrace);
    }

    /// <summary>The code of the close WsGate injected; the peers' own close frames are not parsed in stream mode.</summary>
    public override int? CloseCode => _close is { } close ? (int)close.Status : null;

    /// <summary>Stream connections carry no WsGate messages of their own; server push needs the frames relay.</summary>
    public override bool Enqueue(OutboundMessage message) => false;

    private async Task PumpAsync(Stream source, Direction target, bool toClient)
    {
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                // A zero-byte read waits for data without a buffer (Kestrel's upgraded stream, NetworkStream and SslStream
                // all support it); the buffer goes back to the pool while the connection is idle.
                var ready = source.ReadAsync(Memory<byte>.Empty, Aborted);
                if (!ready.IsCompleted && buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }

                await ready;
                buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
                var read = await source.ReadAsync(buffer.AsMemory(), Aborted);
                if (read == 0)
                {
                    return;
                }

                await ForwardAsync(target, buffer.AsMemory(0, read), toClient);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private async Task ForwardAsync(Direction target, ReadOnlyMemory<byte> data, bool toClient)
    {
        await target.Lock.WaitAsync(Aborted);
        try
        {
            if (target.Injected)
            {
                return;
            }

            var before = target.Tracker.Messages;
            var close = _close;
            var forward = close is null ? target.Tracker.Advance(data.Span, stopAtBoundary: false) : target.Tracker.Advance(data.Span, stopAtBoundary: true);
            await target.Stream.WriteAsync(data[..forward], Aborted);
            var messages = target.Tracker.Messages - before;
            if (toClient)
            {
                CountOut(forward, messages);
            }
            else
            {
                CountIn(data.Length, messages);
            }

            if (close is not null && target.Tracker.AtBoundary)
            {
                await InjectLockedAsync(target, close);
            }
        }
        finally
        {
            target.Lock.Release();
        }
    }

    private async Task TryInjectAsync(Direction target)
    {
        try
        {
            await target.Lock.WaitAsync(Aborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (!target.Injected && target.Tracker.AtBoundary && _close is { } close)
            {
                await InjectLockedAsync(target, close);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            Abort();
        }
        finally
        {
            target.Lock.Release();
        }
    }

    private async Task InjectLockedAsync(Direction target, CloseRequest close)
    {
        target.Injected = true;
        await target.Stream.WriteAsync(CloseFrame.Build(close.Status, close.Reason, target.Masked), Aborted);
    }

    private sealed record CloseRequest(WebSocketCloseStatus Status, string? Reason);

    private sealed class Direction(Stream stream, bool masked)
    {
        public Stream Stream { get; } = stream;

        public bool Masked { get; } = masked;

        public FrameTracker Tracker { get; } = new();

        public SemaphoreSlim Lock { get; } = new(1, 1);

        public bool Injected { get; set; }
    }
}
