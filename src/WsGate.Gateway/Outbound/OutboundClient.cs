using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Rules;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Forwarding;
using WsGate.Rules;

namespace WsGate.Outbound;

/// <summary>
/// One managed outbound WebSocket: connects, reads messages (offering them to rules), and when the connection fails or
/// is lost waits with exponential backoff and tries again, if auto reconnect is on. State and counters are readable at
/// any time; sends are serialised so a message is never interleaved with another (RFC 6455 section 5.4).
/// </summary>
public sealed class OutboundClient : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    private readonly OutboundConnector _connector;
    private readonly RuleQueue _rules;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly object _gate = new();
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private volatile WebSocket? _socket;
    private volatile OutboundClientState _state = OutboundClientState.Stopped;
    private volatile string? _lastError;
    private DateTimeOffset? _connectedAt;
    private DateTimeOffset? _nextAttemptAt;
    private int _attempt;
    private long _connects;
    private long _failures;
    private long _disconnects;
    private long _messagesIn;
    private long _messagesOut;
    private long _bytesIn;
    private long _bytesOut;

    public OutboundClient(OutboundClientConfig config, OutboundConnector connector, RuleQueue rules, TimeProvider time, ILogger logger)
    {
        Config = config.Autofilled();
        _connector = connector;
        _rules = rules;
        _time = time;
        _logger = logger;
    }

    public OutboundClientConfig Config { get; }

    public string Id => Config.Id;

    public OutboundClientState State => _state;

    /// <summary>Fires after every state change; tests and the admin API observe through it.</summary>
    public event Action<OutboundClientState>? StateChanged;

    public OutboundClientStatus Status => new(
        _state,
        Config.DisplayAddress,
        _lastError,
        _connectedAt,
        _state == OutboundClientState.BackingOff ? _nextAttemptAt : null,
        Volatile.Read(ref _attempt),
        Interlocked.Read(ref _connects),
        Interlocked.Read(ref _failures),
        Interlocked.Read(ref _disconnects),
        Interlocked.Read(ref _messagesIn),
        Interlocked.Read(ref _messagesOut),
        Interlocked.Read(ref _bytesIn),
        Interlocked.Read(ref _bytesOut));

    /// <summary>Starts connecting (RoboTask's Connect WebSocket Client); a running client is left alone.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_loop is { IsCompleted: false })
            {
                return;
            }

            _stop?.Dispose();
            _stop = new CancellationTokenSource();
            var token = _stop.Token;
            _loop = Task.Run(() => RunAsync(token));
        }
    }

    /// <summary>Closes the connection with 1000 (or aborts it when the server does not answer) and stops reconnecting.</summary>
    public async Task StopAsync()
    {
        Task? loop;
        CancellationTokenSource? stop;
        lock (_gate)
        {
            loop = _loop;
            stop = _stop;
        }

        if (loop is null || stop is null)
        {
            return;
        }

        if (_socket is { } socket)
        {
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "client stopped");
        }

        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Sends a whole message; false when the client is not connected or the send failed.</summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        var socket = _socket;
        if (socket is null || socket.State != WebSocketState.Open)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout);
        try
        {
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                await socket.SendAsync(payload, type, true, timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }

            Interlocked.Increment(ref _messagesOut);
            Interlocked.Add(ref _bytesOut, payload.Length);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Closes the current connection with <paramref name="status"/>; auto reconnect then applies as for any loss.</summary>
    public Task CloseConnectionAsync(WebSocketCloseStatus status, string? reason) =>
        _socket is { } socket ? CloseQuietlyAsync(socket, status, reason) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop?.Dispose();
        _sendLock.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        Volatile.Write(ref _attempt, 0);
        while (!stopping.IsCancellationRequested)
        {
            SetState(OutboundClientState.Connecting);
            WebSocket? socket = null;
            try
            {
#pragma warning disable CA2000 // Disposed below once its receive loop ends.
                socket = await _connector.ConnectAsync(Config, stopping);
#pragma warning restore CA2000
            }
            catch (BackendConnectException ex)
            {
                Interlocked.Increment(ref _failures);
                _lastError = ex.Reason;
                OutboundLog.ConnectFailed(_logger, Id, Config.DisplayAddress, ex.Reason);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }

            if (socket is not null)
            {
                Volatile.Write(ref _attempt, 0);
                _lastError = null;
                _connectedAt = _time.GetUtcNow();
                Interlocked.Increment(ref _connects);
                _socket = socket;
                SetState(OutboundClientState.Open);
                OutboundLog.Connected(_logger, Id, Config.DisplayAddress);
                OfferLifecycle(TriggerType.Opened, null, null);
                var (status, reason, error) = await ReceiveAsync(socket, stopping);
                _socket = null;
                Interlocked.Increment(ref _disconnects);
                _connectedAt = null;
                if (error is not null)
                {
                    _lastError = error;
                }

                OutboundLog.Disconnected(_logger, Id, error ?? reason ?? status?.ToString() ?? "closed");
                OfferLifecycle(TriggerType.Closed, status, error ?? reason);
                socket.Dispose();
            }

            if (stopping.IsCancellationRequested || !Config.Reconnect.Enabled)
            {
                break;
            }

            var attempt = Interlocked.Increment(ref _attempt);
            var delay = ReconnectBackoff.Delay(Config.Reconnect, attempt, Random.Shared.NextDouble());
            _nextAttemptAt = _time.GetUtcNow() + delay;
            SetState(OutboundClientState.BackingOff);
            OutboundLog.BackingOff(_logger, Id, (long)delay.TotalMilliseconds, attempt);
            try
            {
                await Task.Delay(delay, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        SetState(OutboundClientState.Stopped);
        OutboundLog.Stopped(_logger, Id);
    }

    /// <summary>Reads whole messages until the connection ends; returns the close code and reason, or what went wrong.</summary>
    private async Task<(WebSocketCloseStatus? Status, string? Reason, string? Error)> ReceiveAsync(WebSocket socket, CancellationToken stopping)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.GetMemory(4096), stopping);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        // RFC 6455 section 5.5.1: answer the server's close with its own code.
                        if (socket.State == WebSocketState.CloseReceived)
                        {
                            await CloseQuietlyAsync(socket, socket.CloseStatus ?? WebSocketCloseStatus.Empty, socket.CloseStatusDescription);
                        }

                        return (socket.CloseStatus, socket.CloseStatusDescription, null);
                    }

                    buffer.Advance(result.Count);
                    if (buffer.WrittenCount > Config.MaxMessageSize)
                    {
                        // RFC 6455 section 7.4.1: 1009, the message is too big to process.
                        var error = $"the server sent a message larger than {Config.MaxMessageSize} bytes";
                        await CloseQuietlyAsync(socket, WebSocketCloseStatus.MessageTooBig, "message too big");
                        return (WebSocketCloseStatus.MessageTooBig, null, error);
                    }
                }
                while (!result.EndOfMessage);

                Interlocked.Increment(ref _messagesIn);
                Interlocked.Add(ref _bytesIn, buffer.WrittenCount);
                if (_rules.Listens(TriggerType.Message, RuleSource.Client, Id))
                {
                    _rules.Offer(new RuleEvent
                    {
                        Trigger = TriggerType.Message,
                        Source = RuleSource.Client,
                        SourceId = Id,
                        ConnectionId = Id,
                        Payload = buffer.WrittenSpan.ToArray(),
                        IsText = result.MessageType == WebSocketMessageType.Text,
                        At = _time.GetUtcNow(),
                    });
                }
            }
        }
        catch (WebSocketException ex) when (ex.WebSocketErrorCode != WebSocketError.ConnectionClosedPrematurely && ex.InnerException is not IOException)
        {
            // The server broke the protocol: the WebSocket has already answered with 1002 (RFC 6455 section 7.1.7).
            OutboundLog.ProtocolError(_logger, Id, ex.Message);
            socket.Abort();
            return (WebSocketCloseStatus.ProtocolError, null, "protocol error from the server: " + ex.Message);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            socket.Abort();
            return (null, null, "connection lost: " + ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopped by WsGate, which sent the server a 1000 close first (StopAsync).
            socket.Abort();
            return (WebSocketCloseStatus.NormalClosure, "client stopped", null);
        }
    }

    private void OfferLifecycle(TriggerType trigger, WebSocketCloseStatus? status, string? reason)
    {
        if (_rules.Listens(trigger, RuleSource.Client, Id))
        {
            _rules.Offer(new RuleEvent
            {
                Trigger = trigger,
                Source = RuleSource.Client,
                SourceId = Id,
                ConnectionId = Id,
                CloseStatus = status is null ? null : (int)status,
                CloseReason = reason,
                At = _time.GetUtcNow(),
            });
        }
    }

    private async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string? reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                await CloseOutput.SendAsync(socket, status, reason, timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }

    private void SetState(OutboundClientState state)
    {
        _state = state;
        StateChanged?.Invoke(state);
    }
}
