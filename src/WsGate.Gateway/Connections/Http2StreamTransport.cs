using Microsoft.AspNetCore.Http;

namespace WsGate.Connections;

/// <summary>
/// A WebSocket over one HTTP/2 stream (RFC 8441): the duplex stream Kestrel gives an accepted extended CONNECT, the
/// stream's DATA frames carrying RFC 6455 frames as they are. Unlike an HTTP/1.1 WebSocket it cannot leave Kestrel: the
/// TCP connection is shared with the page's other streams, so the request that accepted it stays open until
/// <see cref="Ended"/>, which the listener's request delegate awaits.
/// </summary>
public sealed class Http2StreamTransport(Stream stream, HttpContext context) : Transport(ReadOnlyMemory<byte>.Empty)
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sendEnded;

    /// <summary>Completes once the connection has let go of the stream; the request may end then.</summary>
    public Task Ended => _ended.Task;

    public override string HttpVersion => "2";

    public override ValueTask SendAsync(ReadOnlyMemory<byte> data) => stream.WriteAsync(data);

    public override async ValueTask ShutdownSendAsync()
    {
        // END_STREAM on the response side (RFC 9113 section 8.1): the stream's counterpart of a TCP FIN.
        if (Interlocked.Exchange(ref _sendEnded, 1) != 0)
        {
            return;
        }

        try
        {
            await context.Response.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
        }
    }

    protected override ValueTask<int> ReceiveCoreAsync(Memory<byte> buffer) => stream.ReadAsync(buffer);

    protected override void AbortCore()
    {
        // A stream that did not end its side cleanly is reset (RST_STREAM); the other streams of the connection go on.
        if (Volatile.Read(ref _sendEnded) == 0)
        {
            context.Abort();
        }

        _ended.TrySetResult();
    }

    protected override Stream CreateStream() => stream;
}
