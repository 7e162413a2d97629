using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using WsGate.ConformanceTests.Cases;
using WsGate.ConformanceTests.Client;

namespace WsGate.ConformanceTests.Runner;

/// <summary>
/// One case's connection as its script sees it: send helpers that build masked (or deliberately broken) frames, and a
/// background reader that records what the server sends into <see cref="Observation"/>, answers the server's pings and
/// close frame like a well-behaved client, and ends when the server closes TCP. Once the server's close has arrived the
/// send helpers send nothing more: the server no longer reads.
/// </summary>
public sealed class CaseSession : IAsyncDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly RawWebSocketClient _client;
    private readonly CancellationTokenSource _stop;
    private readonly Lock _gate = new();
    private readonly Task _reader;
    private readonly TaskCompletionSource _serverClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closeSent;

    public CaseSession(RawWebSocketClient client, CancellationToken deadline)
    {
        _client = client;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        _reader = Task.Run(ReadLoopAsync, CancellationToken.None);
    }

    public Observation Observation { get; } = new();

    public bool CloseSent
    {
        get
        {
            lock (_gate)
            {
                return _closeSent;
            }
        }
    }

    public bool ServerCloseReceived => _serverClosed.Task.IsCompleted;

    /// <summary>Sends <paramref name="frames"/> in one write, or chopped into writes of <paramref name="chop"/> bytes.</summary>
    public async Task SendAsync(IEnumerable<Frame> frames, int chop = 0)
    {
        var list = frames.ToList();
        if (ServerCloseReceived || Observation.WriteError is not null)
        {
            return;
        }

        if (list.Any(f => f.Opcode == Opcode.Close))
        {
            lock (_gate)
            {
                _closeSent = true;
            }
        }

        var bytes = list.Select(FrameEncoder.Encode).SelectMany(b => b).ToArray();
        try
        {
            await _client.WriteAsync(bytes, chop, _stop.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Observation.WriteError ??= ex.Message;
        }
    }

    public Task SendAsync(Frame frame, int chop = 0) => SendAsync([frame], chop);

    public Task SendTextAsync(string text, int chop = 0) => SendAsync(new Frame(Opcode.Text, Encoding.UTF8.GetBytes(text)), chop);

    public Task SendTextAsync(byte[] utf8, int chop = 0) => SendAsync(new Frame(Opcode.Text, utf8), chop);

    public Task SendBinaryAsync(byte[] data, int chop = 0) => SendAsync(new Frame(Opcode.Binary, data), chop);

    public Task SendPingAsync(byte[] payload, int chop = 0) => SendAsync(new Frame(Opcode.Ping, payload), chop);

    public Task SendCloseAsync(int code, string reason = "") => SendAsync(new Frame(Opcode.Close, FrameEncoder.ClosePayload(code, Encoding.UTF8.GetBytes(reason))));

    /// <summary>Sends one message as fragments of <paramref name="fragmentSize"/> bytes, one write per fragment.</summary>
    public async Task SendFragmentedAsync(Opcode opcode, byte[] payload, int fragmentSize)
    {
        var offset = 0;
        do
        {
            var length = Math.Min(fragmentSize, payload.Length - offset);
            var last = offset + length >= payload.Length;
            await SendAsync(new Frame(offset == 0 ? opcode : Opcode.Continuation, payload[offset..(offset + length)], last));
            offset += length;
        }
        while (offset < payload.Length && !ServerCloseReceived);
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until <paramref name="count"/> messages or pongs have arrived.</summary>
    public Task WaitForMessagesAsync(int count, TimeSpan timeout) => WaitUntilAsync(o => o.Messages.Count >= count, timeout);

    /// <summary>Waits (at most <paramref name="timeout"/>) for the server's close frame; false when it did not come.</summary>
    public async Task<bool> WaitForServerCloseAsync(TimeSpan timeout)
    {
        try
        {
            await _serverClosed.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Starts the closing handshake with <paramref name="code"/> unless either side already did.</summary>
    public async Task CloseIfOpenAsync(int code)
    {
        if (!CloseSent && !ServerCloseReceived)
        {
            Observation.RunnerClosed = true;
            await SendCloseAsync(code);
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) for the server to end the TCP connection.</summary>
    public async Task WaitForEndAsync(TimeSpan timeout)
    {
        try
        {
            await _reader.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Observation.TimedOut = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader;
        }
        catch (OperationCanceledException)
        {
        }

        await _client.DisposeAsync();
        _stop.Dispose();
    }

    private async Task WaitUntilAsync(Func<Observation, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(Observation) || _reader.IsCompleted)
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        MessageKind? current = null;
        var data = new MemoryStream();
        var frames = 0;
        try
        {
            while (true)
            {
                var frame = await _client.ReadFrameAsync(_stop.Token);
                if (frame is null)
                {
                    Record(o => o.TcpClosed = true);
                    return;
                }

                CheckFrame(frame);
                switch (frame.Opcode)
                {
                    case Opcode.Text or Opcode.Binary or Opcode.Continuation:
                        if (ServerCloseReceived)
                        {
                            Record(o => o.Violations.Add($"{Observation.DataAfterClose}: {frame}"));
                            break;
                        }

                        if ((frame.Opcode == Opcode.Continuation) != (current is not null))
                        {
                            Record(o => o.Violations.Add(current is null ? "continuation with no message to continue" : $"new {frame.Opcode} frame inside an unfinished message"));
                        }

                        current ??= frame.Opcode == Opcode.Binary ? MessageKind.Binary : MessageKind.Text;
                        data.Write(frame.Payload);
                        frames++;
                        if (frame.Fin)
                        {
                            var message = new EchoMessage(current.Value, data.ToArray());
                            Record(o => o.Messages.Add(message));
                            current = null;
                            data.SetLength(0);
                            frames = 0;
                        }

                        break;
                    case Opcode.Ping:
                        Record(o => o.ServerPings++);
                        if (!CloseSent)
                        {
                            await SendAsync(new Frame(Opcode.Pong, frame.Payload));
                        }

                        break;
                    case Opcode.Pong:
                        Record(o => o.Messages.Add(EchoMessage.Pong(frame.Payload)));
                        break;
                    case Opcode.Close:
                        await OnCloseAsync(frame, current is null ? 0 : frames, data.Length);
                        break;
                    default:
                        Record(o => o.Violations.Add($"reserved opcode {(int)frame.Opcode}"));
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            Record(o => o.TimedOut = true);
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or ObjectDisposedException)
        {
            Record(o => o.ReadError = ex.Message);
        }
        finally
        {
            _serverClosed.TrySetResult();
            Record(_ => { });
        }
    }

    private async Task OnCloseAsync(Frame frame, int unfinishedFrames, long unfinishedBytes)
    {
        if (ServerCloseReceived)
        {
            Record(o => o.Violations.Add("second close frame"));
            return;
        }

        int code = CaseExpectation.NoStatusCode;
        string? reason = null;
        if (frame.Payload.Length == 1)
        {
            Record(o => o.Violations.Add("close frame with a 1-byte body"));
        }
        else if (frame.Payload.Length >= 2)
        {
            code = BinaryPrimitives.ReadUInt16BigEndian(frame.Payload);
            try
            {
                reason = StrictUtf8.GetString(frame.Payload, 2, frame.Payload.Length - 2);
            }
            catch (DecoderFallbackException)
            {
                Record(o => o.Violations.Add("close reason is not UTF-8"));
            }
        }

        bool replied;
        lock (_gate)
        {
            Observation.CloseReceived = true;
            Observation.CloseCode = code;
            Observation.CloseReason = reason;
            Observation.ServerClosedFirst = !_closeSent;
            Observation.UnfinishedFrames = unfinishedFrames;
            Observation.UnfinishedBytes = unfinishedBytes;
            replied = _closeSent;
            _closeSent = true;
        }

        _serverClosed.TrySetResult();
        Record(_ => { });
        if (!replied)
        {
            // Answer as a polite client does, echoing the code (RFC 6455 section 5.5.1); the server may already be gone.
            var body = code == CaseExpectation.NoStatusCode ? [] : FrameEncoder.ClosePayload(code);
            try
            {
                await _client.WriteAsync(FrameEncoder.Encode(new Frame(Opcode.Close, body)), 0, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                Record(o => o.WriteError ??= ex.Message);
            }
        }
    }

    private void CheckFrame(Frame frame)
    {
        // RFC 6455 section 5.1: a server must not mask; 5.2: no RSV bits without an extension; 5.5: control frames are
        // at most 125 bytes and never fragmented.
        if (frame.Masked)
        {
            Record(o => o.Violations.Add($"masked server frame: {frame}"));
        }

        if (frame.Rsv != 0)
        {
            Record(o => o.Violations.Add($"RSV bits set: {frame}"));
        }

        if (frame.IsControl && (!frame.Fin || frame.Payload.Length > 125))
        {
            Record(o => o.Violations.Add($"bad control frame: {frame}"));
        }
    }

    private void Record(Action<Observation> change)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            change(Observation);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
