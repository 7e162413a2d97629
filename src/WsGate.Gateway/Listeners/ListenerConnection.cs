using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using WsGate.Connections;
using WsGate.Diagnostics;

namespace WsGate.Listeners;

/// <summary>
/// One accepted connection as Kestrel's HTTP layer sees it: two pipes fed from the socket (through TLS on a wss
/// listener) while HTTP runs. When the connection was claimed for a WebSocket (<see cref="TransportClaim"/>), disposing
/// it stops the pipes without closing anything and gives the socket, the TLS stream and the bytes HTTP left unread to the
/// claim; from then on the WebSocket's bytes cross no pipe and no Kestrel object stays alive for it.
/// </summary>
internal sealed class ListenerConnection : ConnectionContext,
    IConnectionIdFeature, IConnectionItemsFeature, IConnectionTransportFeature, IConnectionLifetimeFeature, IConnectionEndPointFeature,
    ITlsConnectionFeature, ITlsApplicationProtocolFeature
{
    // Kestrel's own transport reads at least this much per receive while HTTP runs.
    private const int MinimumReadSize = 2048;
    private static readonly TimeSpan TlsHandshakeTimeout = TimeSpan.FromSeconds(10);
    private static long s_nextId;

    private readonly Socket _socket;
    private readonly ListenerRuntime _runtime;
    private readonly X509Certificate2? _certificate;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Pipe _input;
    private readonly Pipe _output;
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "Cancelled from a queued work item that may run after DisposeAsync; it has no timer, so nothing is left to release.")]
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _pause = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TransportClaim _claim = new();
    private readonly TlsNegotiation _tls = new();
    private ReadOnlyMemory<byte> _applicationProtocol;
    private readonly ProxiedClient _proxied = new();
    private readonly FeatureCollection _features = new();
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "Disposed by CloseAsync when the connection closes here, or owned by the TlsTransport it is handed off in; DisposeAsync must not touch it.")]
    private SslStream? _ssl;
    private Task<int>? _pendingWait;
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;
    private volatile bool _pausing;
    private volatile bool _receiveFailed;
    private volatile bool _sendFailed;
    private int _aborted;
    private int _handedOff;

    public ListenerConnection(Socket socket, IPEndPoint? remote, ListenerRuntime runtime, X509Certificate2? certificate, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _runtime = runtime;
        _certificate = certificate;
        _time = time;
        _logger = logger;
        RemoteEndPoint = remote;
        LocalEndPoint = socket.LocalEndPoint;
        ConnectionId = "L" + Interlocked.Increment(ref s_nextId).ToString("X", System.Globalization.CultureInfo.InvariantCulture);

        // HTTP is parsed on the thread pool; the socket side writes and reads the pipes inline.
        _input = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.ThreadPool, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.ThreadPool, useSynchronizationContext: false));
        Transport = new DuplexPipe(new KeptPipeReader(_input.Reader), _output.Writer);

        _features.Set<IConnectionIdFeature>(this);
        _features.Set<IConnectionItemsFeature>(this);
        _features.Set<IConnectionTransportFeature>(this);
        _features.Set<IConnectionLifetimeFeature>(this);
        _features.Set<IConnectionEndPointFeature>(this);
        _features.Set(_claim);
        _features.Set(_proxied);
        if (certificate is not null)
        {
            _features.Set<ITlsConnectionFeature>(this);
            _features.Set<ITlsApplicationProtocolFeature>(this);
            _features.Set(_tls);
        }
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features => _features;

    public override IDictionary<object, object?> Items { get; set; } = new ConnectionItems();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed { get; set; }

    public override EndPoint? LocalEndPoint { get; set; }

    public override EndPoint? RemoteEndPoint { get; set; }

    X509Certificate2? ITlsConnectionFeature.ClientCertificate { get; set; }

    Task<X509Certificate2?> ITlsConnectionFeature.GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);

    /// <summary>
    /// What ALPN chose (<c>h2</c> or <c>http/1.1</c>), kept once the handshake has finished: Kestrel asks as the connection
    /// starts, which on a listener without HTTP/2 is before the handshake ends, and the SslStream refuses to answer then.
    /// </summary>
    ReadOnlyMemory<byte> ITlsApplicationProtocolFeature.ApplicationProtocol => _applicationProtocol;

    public void Start()
    {
        ConnectionClosed = _closed.Token;
        _receiving = ReceiveAsync();
        _sending = SendAsync();
    }

    public override void Abort(ConnectionAbortedException abortReason) => Abort();

    public override void Abort()
    {
        // Once handed off the socket belongs to the WebSocket; nothing left of HTTP can end it.
        if (Volatile.Read(ref _handedOff) != 0 || Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        CloseSocket();
        _input.Writer.CancelPendingFlush();
        _output.Reader.CancelPendingRead();
    }

    /// <summary>Kestrel is done with the connection: hand it to its claim, or close it.</summary>
    public override async ValueTask DisposeAsync()
    {
        // What HTTP queued (the 101, or a refusal) goes out first.
        _output.Writer.Complete();
        await _sending;

        if (_claim.IsClaimed && Volatile.Read(ref _aborted) == 0 && !_sendFailed && !_receiveFailed)
        {
            await HandOffAsync();
        }
        else
        {
            _claim.Fail(new IOException("the connection ended before its WebSocket was handed off"));
            await CloseAsync();
        }

        await base.DisposeAsync();
    }

    private async Task HandOffAsync()
    {
        // Stop the receive loop where it waits for data. Its zero-byte receive, which consumes nothing, stays pending and
        // goes with the transport: nothing on the socket is cancelled.
        _pausing = true;
        _pause.TrySetResult();
        _input.Writer.CancelPendingFlush();
        await _receiving;
        if (_receiveFailed)
        {
            _claim.Fail(new IOException("the connection failed while its WebSocket was handed off"));
            await CloseAsync();
            return;
        }

        var leftover = ReadOnlyMemory<byte>.Empty;
        if (_input.Reader.TryRead(out var result))
        {
            leftover = result.Buffer.ToArray();
            _input.Reader.AdvanceTo(result.Buffer.End);
        }

        _input.Reader.Complete();
        _input.Writer.Complete();
        Volatile.Write(ref _handedOff, 1);
#pragma warning disable CA2000 // Handed off: the claiming WebSocket connection owns the transport (and the socket and TLS stream under it) and disposes it.
        _claim.Deliver(_ssl is null ? new SocketTransport(_socket, leftover, _pendingWait) : new TlsTransport(_ssl, _socket, leftover, _pendingWait));
#pragma warning restore CA2000
    }

    private async Task CloseAsync()
    {
        Interlocked.Exchange(ref _aborted, 1);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        CloseSocket();
        await _receiving;
        _input.Reader.Complete();
        _input.Writer.Complete();
    }

    private void CloseSocket()
    {
        if (_ssl is { } ssl)
        {
            ssl.Dispose();
        }

        _socket.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var writer = _input.Writer;
        Exception? error = null;
        var ended = false;
        try
        {
            if (_runtime.Config.Proxies.ProxyProtocol)
            {
                await ReadProxyHeaderAsync();
            }

            if (_certificate is not null)
            {
                try
                {
                    await AuthenticateAsync();
                }
                finally
                {
                    _tls.Finish();
                }
            }

            while (!_pausing)
            {
                // Wait for data without a buffer; this is where a hand-off finds the loop.
                var ready = ReadAsync(Memory<byte>.Empty);
                if (!ready.IsCompleted)
                {
                    var wait = ready.AsTask();
                    if (await Task.WhenAny(wait, _pause.Task) != wait)
                    {
                        _pendingWait = wait;
                        break;
                    }

                    await wait;
                }
                else
                {
                    await ready;
                }

                if (_pausing)
                {
                    break;
                }

                var memory = writer.GetMemory(MinimumReadSize);
                var read = await ReadAsync(memory);
                if (read == 0)
                {
                    ended = true;
                    break;
                }

                writer.Advance(read);
                var flushed = await writer.FlushAsync();
                if (flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
            ended = true;
            _receiveFailed = true;
            if (ex is ProxyHeaderException)
            {
                ListenerLog.ProxyHeaderRefused(_logger, _runtime.Id, RemoteEndPoint?.ToString() ?? "?", ex.Message);
            }
            else if (ex is AuthenticationException or IOException { InnerException: AuthenticationException } && _certificate is not null)
            {
                ListenerLog.TlsHandshakeFailed(_logger, _runtime.Id, RemoteEndPoint?.ToString() ?? "?", ex.Message);
            }
        }

        if (ended)
        {
            // The peer is gone (or TLS failed): HTTP sees the end of its input, and ConnectionClosed fires.
            await writer.CompleteAsync(error is null ? null : new ConnectionResetException(error.Message, error));
            ThreadPool.UnsafeQueueUserWorkItem(static closed => Cancel(closed), _closed, preferLocal: false);
        }
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task SendAsync()
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                try
                {
                    foreach (var segment in buffer)
                    {
                        await WriteAsync(segment);
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            await reader.CompleteAsync();
        }
        catch (Exception ex)
        {
            _sendFailed = true;
            await reader.CompleteAsync(ex);
        }
    }

    /// <summary>
    /// Reads the PROXY protocol v2 header exactly (nothing past it, which is TLS or HTTP), takes the client address from
    /// it, and applies the listener's access rules to that address. Only trusted proxies may send one: the accept
    /// loop let this connection skip the access rules because its peer is one.
    /// </summary>
    private async Task ReadProxyHeaderAsync()
    {
        var peer = (RemoteEndPoint as IPEndPoint)?.Address;
        if (!_runtime.TrustedProxies.Contains(peer))
        {
            throw new ProxyHeaderException($"{peer} is not a trusted proxy of this listener, which expects the PROXY protocol");
        }

        // Cut off by closing the socket when it does not arrive in time, as the TLS handshake is.
        using var timeout = new CancellationTokenSource(TlsHandshakeTimeout, _time);
        using var cut = timeout.Token.UnsafeRegister(static socket => ((Socket)socket!).Dispose(), _socket);
        var fixedPart = new byte[ProxyProtocolHeader.FixedLength];
        await ReceiveExactlyAsync(fixedPart);
        if (!ProxyProtocolHeader.TryReadFixed(fixedPart, out var length, out var error))
        {
            throw new ProxyHeaderException(error!);
        }

        var addresses = new byte[length];
        await ReceiveExactlyAsync(addresses);
        if (!ProxyProtocolHeader.TryReadSource(fixedPart, addresses, out var source, out error))
        {
            throw new ProxyHeaderException(error!);
        }

        if (source is null)
        {
            return;
        }

        if (!_runtime.Access.IsAllowed(source.Address))
        {
            _runtime.Counters.CountDeniedByAccess();
            ListenerLog.AccessDenied(_logger, _runtime.Id, source.Address.ToString());
            throw new ProxyHeaderException($"the client {source.Address} behind {peer} is refused by the access rules");
        }

        _proxied.Source = source;
        RemoteEndPoint = source;
    }

    private async Task ReceiveExactlyAsync(Memory<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
            if (read == 0)
            {
                throw new ProxyHeaderException("the connection ended inside its PROXY protocol header");
            }

            buffer = buffer[read..];
        }
    }

    private async Task AuthenticateAsync()
    {
        var ssl = new SslStream(new NetworkStream(_socket, ownsSocket: false), leaveInnerStreamOpen: false);
        _ssl = ssl;

        // A handshake that does not finish in time is cut off by closing the socket: operations on a socket are never
        // given a cancellation token, whose registration the socket would keep for the connection's life.
        using var timeout = new CancellationTokenSource(TlsHandshakeTimeout, _time);
        using var cut = timeout.Token.UnsafeRegister(static socket => ((Socket)socket!).Dispose(), _socket);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = _certificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            // RFC 7301: the client's list decides between them; a client that offers neither gets HTTP/1.1.
            ApplicationProtocols = _runtime.Config.Http2 ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11] : [SslApplicationProtocol.Http11],
        });
        _applicationProtocol = ssl.NegotiatedApplicationProtocol.Protocol;
    }

    private ValueTask<int> ReadAsync(Memory<byte> buffer) =>
        _ssl is { } ssl ? ssl.ReadAsync(buffer) : _socket.ReceiveAsync(buffer, SocketFlags.None);

    private ValueTask WriteAsync(ReadOnlyMemory<byte> data) =>
        _ssl is { } ssl ? ssl.WriteAsync(data) : SocketWrites.SendAsync(_socket, data);

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// The input as Kestrel reads it. Completing it is remembered but does not complete the pipe: the bytes HTTP left
    /// unread (frames a client sent right behind its handshake) must still be there for a claimed connection.
    /// </summary>
    private sealed class KeptPipeReader(PipeReader inner) : PipeReader
    {
        private bool _completed;

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => _completed = true;

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
            _completed ? throw new InvalidOperationException("reading after the reader was completed") : inner.ReadAsync(cancellationToken);

        public override bool TryRead(out ReadResult result)
        {
            if (_completed)
            {
                throw new InvalidOperationException("reading after the reader was completed");
            }

            return inner.TryRead(out result);
        }
    }

    private sealed class ConnectionItems : Dictionary<object, object?>
    {
    }
}
