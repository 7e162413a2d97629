using System.Buffers;
using WsGate.Captures;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Throttling;
using WsGate.Protocol;
using WsGate.Rules;
using WsGate.Throttling;

namespace WsGate.Forwarding;

/// <summary>
/// Moves one direction of a relayed connection: reads its source leg's bytes, follows their frames with the leg's
/// <see cref="FrameReader"/>, and writes the frames to the target leg as they came, header and payload in one send per
/// burst (a client's frames keep the client's mask, which a backend requires; RFC 6455 section 5.3). Payloads are read
/// only where something must: the reader checks UTF-8 of uncompressed text, rules get unmasked copies. Policies act on
/// headers alone: the max message size (1009), per-message rate limits and message counts. Control frames stay on their
/// leg in frames mode (pings answered there, pongs taken as keepalive answers); a close is carried to the other side
/// with its code and reason. In stream mode everything passes, and frames are only followed. Between bursts a pump waits
/// with a zero-byte receive and holds no buffer. The one exception to forwarding as it comes: where the direction has a
/// message schema, each text message is held whole in a <see cref="MessageGatherer"/> (bounded by the max message size)
/// and goes on only once it validates; a direction without one pays a null check per message.
/// </summary>
internal sealed class FramePump
{
    /// <summary>Bytes read per receive: typical messages cross in one, large ones stream through in bounded steps.</summary>
    public const int BufferSize = 16 * 1024;

    // The longest piece that can be left over between receives: a header, or a control frame read whole.
    private const int CarrySize = FrameHeader.MaxLength + FrameHeader.MaxControlPayload;

    private readonly RelayedConnection _connection;
    private readonly RelayLeg _source;
    private readonly RelayLeg _target;
    private readonly bool _inbound;
    private readonly bool _strict;
    private const int RelaySampleEvery = 64;

    private byte[]? _carry;
    private int _carryLength;
    private int _sample;

    // What this pump holds of the target's output, and where the target's wire stands.
    private bool _holdsFrame;
    private bool _holdsMessage;
    private bool _targetMidFrame;
    private bool _targetMidMessage;
    private bool _spanEndsMidFrame;
    private bool _spanEndsMidMessage;

    // The message being read from the source.
    private long _messageBytes;
    private bool _dropping;
    private bool _tapping;
    private MessageTap? _replyTap;

    // This direction's schema check (frames mode only), the route it belongs to, and the text message held for it.
    private readonly MessageSchema? _schema;
    private readonly SchemaCheck? _check;
    private readonly string? _route;
    private MessageGatherer? _held;
    private bool _holding;

    public FramePump(RelayedConnection connection, RelayLeg source, RelayLeg target, bool strict, MessageSchema? schema = null, string? route = null)
    {
        _connection = connection;
        _source = source;
        _target = target;
        _inbound = source.IsClient;
        _strict = strict;
        _check = strict ? schema?.From(source.IsClient) : null;
        _schema = _check is null ? null : schema;
        _route = route;
    }

    public async Task RunAsync()
    {
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                var transport = _source.Transport;
                var filled = 0;
                int received;
                Exception? error = null;
                try
                {
                    // A zero-byte receive waits for the next burst without a buffer: an idle connection holds none.
                    var ready = transport.ReceiveAsync(Memory<byte>.Empty);
                    if (!ready.IsCompleted)
                    {
                        await ReleaseOutputAsync();
                        Return(ref buffer);
                    }

                    await ready;
                    buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
                    if (_carryLength > 0)
                    {
                        _carry.AsSpan(0, _carryLength).CopyTo(buffer);
                        filled = _carryLength;
                        _carryLength = 0;
                    }

                    received = await transport.ReceiveAsync(buffer.AsMemory(filled));
                }
                catch (Exception ex) when (RelayLeg.IsTransportError(ex))
                {
                    received = -1;
                    error = ex;
                }

                if (received <= 0)
                {
                    await ReleaseOutputAsync(force: true);
                    if (_connection.IsAborting)
                    {
                        return;
                    }

                    if (_source.CloseReceived || _connection.IsClosing)
                    {
                        // The side hung up after its close (or while WsGate closed it): the end of its stream goes on to the other side.
                        await _connection.SourceEndedAsync(this);
                        return;
                    }

                    if (await _connection.SourceLostAsync(this, _source, transport, error))
                    {
                        // A replacement backend: start over on it.
                        _carryLength = 0;
                        ResetMessage();
                        continue;
                    }

                    return;
                }

                if (_source.CloseReceived)
                {
                    // After its close (or after WsGate failed it) a side's bytes are read only to see it hang up (RFC 6455 section
                    // 5.5.1: nothing follows a close frame); reading on keeps a reset from destroying the close frames in flight.
                    _carryLength = 0;
                    continue;
                }

                filled += received;
                var consumed = await ProcessAsync(buffer!, filled);
                var rest = filled - consumed;
                if (rest > 0 && !_source.CloseReceived)
                {
                    // Only a header or a control frame (read whole) can be left over.
                    _carry ??= new byte[CarrySize];
                    buffer.AsSpan(consumed, rest).CopyTo(_carry);
                    _carryLength = rest;
                }
            }
        }
        finally
        {
            await ReleaseOutputAsync(force: true);
            Return(ref buffer);

            // A message the connection ended inside of gives its buffers back too.
            _held?.Reset();
        }
    }

    /// <summary>
    /// Follows the frames in <c>buffer[..filled]</c>, forwarding and acting on them; returns how many bytes it used. After a
    /// close, a failure or a limit it stops early, and the source is only read from then on to see it hang up.
    /// </summary>
    private async ValueTask<int> ProcessAsync(byte[] buffer, int filled)
    {
        var reader = _source.Reader;
        var position = 0;
        var spanStart = -1;
        var frameStart = -1;
        long messages = 0;
        var bytes = 0L;
        while (true)
        {
            var item = reader.Read(buffer.AsSpan(position, filled - position));
            switch (item.Kind)
            {
                case FrameItemKind.NeedMore:
                    // Counted before the send: once the other side has a backend's message, its time is already noted
                    // (the backend idle timeout must never see a message the client has as not yet arrived).
                    Count(bytes, messages);
                    await FlushAsync(buffer, spanStart, position);
                    return position;

                case FrameItemKind.Violation:
                    // What came before the bad frame goes on; the frame itself does not.
                    await FlushAsync(buffer, spanStart, frameStart >= 0 ? frameStart : position);
                    Count(bytes, messages);
                    await _connection.FailAsync(this, _source, item.Violation, item.Reason ?? "protocol error");
                    return position;

                case FrameItemKind.Header:
                    {
                        var header = item.Header;
                        if (item.StartsMessage)
                        {
                            _messageBytes = 0;
                            _dropping = false;
                            _tapping = Tap?.BeginMessage(reader.MessageOpcode == Opcode.Text, reader.MessageCompressed) == true;
                            if (_check is not null && reader.MessageOpcode == Opcode.Text)
                            {
                                // What came before goes out now; this message waits until it is judged.
                                await FlushAsync(buffer, spanStart, position);
                                spanStart = -1;
                                _holding = true;
                                _held ??= new MessageGatherer();
                            }
                        }

                        if (_strict && !header.IsControl)
                        {
                            _messageBytes += header.PayloadLength;
                            if (_inbound && _messageBytes > _connection.MaxMessageSize)
                            {
                                await FlushAsync(buffer, spanStart, position);
                                Count(bytes, messages);
                                await _connection.TooBigAsync(this, _connection.MaxMessageSize);
                                return position;
                            }

                            if (_holding && !_dropping && _messageBytes > _connection.MaxMessageSize)
                            {
                                // A backend's message too large to hold cannot be judged, so it cannot pass.
                                var tooBig = new SchemaViolation("", $"message exceeds {_connection.MaxMessageSize} bytes and cannot be checked");
                                if (!await _connection.SchemaFailedAsync(this, _schema!, tooBig, _route))
                                {
                                    Count(bytes, messages);
                                    return position;
                                }

                                _dropping = true;
                            }

                            if (_connection.Throttle is { } throttle && !_dropping)
                            {
                                var decision = throttle.Check(_inbound ? ThrottleDirection.Inbound : ThrottleDirection.Outbound, item.StartsMessage, header.PayloadLength);
                                if (!decision.IsAllowed)
                                {
                                    // Acting may wait (backpressure): what is ready goes out first.
                                    await FlushAsync(buffer, spanStart, position);
                                    spanStart = -1;
                                    var verdict = await _connection.ThrottledAsync(this, decision, item.StartsMessage, header.PayloadLength);
                                    if (verdict is null)
                                    {
                                        Count(bytes, messages);
                                        return position;
                                    }

                                    _dropping = verdict == ThrottleVerdict.Discard;
                                }
                            }
                        }

                        frameStart = position;
                        if (_dropping)
                        {
                            await FlushAsync(buffer, spanStart, position);
                            spanStart = -1;
                        }
                        else if (_holding)
                        {
                            _held!.AppendFrame(buffer.AsSpan(position, item.Consumed));
                        }
                        else
                        {
                            spanStart = spanStart < 0 ? position : spanStart;
                            Appended(item);
                        }

                        position += item.Consumed;
                        if (item.EndsMessage && _holding && !await EndHeldAsync())
                        {
                            Count(bytes, messages);
                            return position;
                        }

                        messages += item.EndsMessage ? EndMessage() : 0;
                        frameStart = item.EndsFrame ? -1 : frameStart;
                        break;
                    }

                case FrameItemKind.Payload:
                    if (_tapping)
                    {
                        Tap!.Append(buffer.AsSpan(position, item.Consumed), item.Header, reader.PayloadOffset - item.Consumed);
                    }

                    if (_holding && !_dropping)
                    {
                        var raw = buffer.AsSpan(position, item.Consumed);
                        _held!.AppendFrame(raw);
                        _held.AppendPayload(raw, item.Header, reader.PayloadOffset - item.Consumed);
                    }
                    else if (!_dropping)
                    {
                        spanStart = spanStart < 0 ? position : spanStart;
                        Appended(item);
                    }

                    position += item.Consumed;
                    bytes += item.Consumed;
                    if (item.EndsMessage && _holding && !await EndHeldAsync())
                    {
                        Count(bytes, messages);
                        return position;
                    }

                    messages += item.EndsMessage ? EndMessage() : 0;
                    frameStart = item.EndsFrame ? -1 : frameStart;
                    break;

                case FrameItemKind.Control when !_strict:
                    // Stream mode: control frames pass like the rest; a close is noted so the relay knows when both sides closed.
                    spanStart = spanStart < 0 ? position : spanStart;
                    Appended(item);
                    position += item.Consumed;
                    if (item.Header.Opcode == Opcode.Close)
                    {
                        await FlushAsync(buffer, spanStart, position);
                        Count(bytes, messages);
                        await _connection.CloseForwardedAsync(_source, _target, item.CloseCode, item.Reason);
                        return position;
                    }

                    break;

                case FrameItemKind.Control:
                    {
                        await FlushAsync(buffer, spanStart, position);
                        spanStart = -1;
                        var frame = buffer.AsMemory(position, item.Consumed);
                        position += item.Consumed;
                        if (item.Header.Opcode == Opcode.Close)
                        {
                            Count(bytes, messages);
                            await _connection.CloseReceivedAsync(this, _source, _target, frame, item.CloseCode, item.Reason);
                            return position;
                        }

                        if (item.Header.Opcode == Opcode.Ping)
                        {
                            await AnswerPingAsync(frame, item.Header);
                        }
                        else
                        {
                            // A pong: the keepalive ping WsGate sent (if any) was answered; unsolicited pongs are allowed too.
                            _source.PingSentAt = 0;
                        }

                        _connection.Touch(_source);
                        break;
                    }
            }
        }
    }

    /// <summary>Notes where the target's wire will stand once the span holding <paramref name="item"/> is written.</summary>
    private void Appended(in FrameItem item)
    {
        _spanEndsMidFrame = !item.EndsFrame;
        if (item.Kind != FrameItemKind.Control)
        {
            _spanEndsMidMessage = !item.EndsMessage;
        }
    }

    /// <summary>
    /// A held message is whole: it goes on when it validates; otherwise the connection acts on the failure and the message
    /// is not counted. False when the connection was closed for it.
    /// </summary>
    private async ValueTask<bool> EndHeldAsync()
    {
        _holding = false;
        if (_dropping)
        {
            _held!.Reset();
            return true;
        }

        if (_check!.Validate(_held!.Payload.Span) is not { } violation)
        {
            _spanEndsMidFrame = false;
            _spanEndsMidMessage = false;
            await SendAsync(_held.Frames);

            // Its buffers go back to the pool as soon as it is sent: a connection between messages holds none.
            _held.Reset();
            return true;
        }

        _held.Reset();
        _dropping = true;
        if (await _connection.SchemaFailedAsync(this, _schema!, violation, _route))
        {
            return true;
        }

        ResetMessage();
        return false;
    }

    private long EndMessage()
    {
        if (_tapping)
        {
            // Rules and captures see what went on: a message dropped (by a rate limit or its schema) triggers nothing.
            if (_dropping)
            {
                Tap!.AbandonMessage();
            }
            else
            {
                Tap!.EndMessage();
            }

            _tapping = false;
        }

        var counted = _dropping ? 0 : 1;
        _dropping = false;
        _messageBytes = 0;
        return counted;
    }

    /// <summary>
    /// Where this pump's messages are observed: the client's through the connection's tap (rules and captures), a
    /// backend's answers through the pump's own (captures only), made at the first message that comes while a capture
    /// runs on the node: until then a backend's message costs one reference compare and the connection holds no tap for it.
    /// </summary>
    private MessageTap? Tap => _inbound ? _connection.Tap : _replyTap ?? ReplyTapWhileCapturing();

    private MessageTap? ReplyTapWhileCapturing() =>
        _connection.Rules is { CapturesRunning: true }
            ? _replyTap = _connection.NewReplyTap(_connection.RouteOf(_source))
            : null;

    private void ResetMessage()
    {
        _messageBytes = 0;
        _dropping = false;
        _holding = false;
        _held?.Reset();
        if (_tapping)
        {
            Tap!.AbandonMessage();
            _tapping = false;
        }
    }

    private void Count(long bytes, long messages)
    {
        if (bytes == 0 && messages == 0)
        {
            return;
        }

        if (_inbound)
        {
            _connection.CountIn(bytes, messages);
        }
        else
        {
            _connection.CountFromBackend(bytes, messages);
        }
    }

    private ValueTask AnswerPingAsync(ReadOnlyMemory<byte> frame, FrameHeader header)
    {
        Span<byte> payload = stackalloc byte[FrameHeader.MaxControlPayload];
        payload = payload[..(int)header.PayloadLength];
        var body = frame.Span.Slice(header.Length, payload.Length);
        if (header.Masked)
        {
            Masking.Apply(body, payload, header.MaskKey, 0);
        }
        else
        {
            body.CopyTo(payload);
        }

        return _source.AnswerPingAsync(payload);
    }

    /// <summary>
    /// Writes <c>buffer[start..end]</c> (whole frames and runs of payload, as they came) to the target, taking the target's
    /// locks first and keeping them while its wire is inside a frame or message that this pump is forwarding.
    /// </summary>
    private ValueTask FlushAsync(byte[] buffer, int start, int end) =>
        start < 0 || end <= start ? ValueTask.CompletedTask : SendAsync(buffer.AsMemory(start, end - start));

    /// <summary>Writes <paramref name="bytes"/> (a span of the buffer, or a held message's frames) to the target as <see cref="FlushAsync"/> says.</summary>
    private async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_strict && !_holdsMessage)
        {
            await _target.MessageLock.EnterAsync();
            _holdsMessage = true;
        }

        if (!_holdsFrame)
        {
            await _target.FrameLock.EnterAsync();
            _holdsFrame = true;
        }

        // After a close went to the target nothing more may (RFC 6455 section 5.5.1): the rest is read and dropped.
        if (!_target.CloseSent)
        {
            // One forwarded burst in so many is timed for the relay latency metric (analytics).
            var timed = _inbound && ++_sample % RelaySampleEvery == 0 ? _connection.RelayStarted() : -1;
            try
            {
                await _target.Transport.SendAsync(bytes);
            }
            catch (Exception ex) when (RelayLeg.IsTransportError(ex))
            {
                _connection.TargetFailed(_target);
            }

            _connection.RelayEnded(timed);
        }

        _targetMidFrame = _spanEndsMidFrame;
        _targetMidMessage = _spanEndsMidMessage;
        await ReleaseOutputAsync();
    }

    /// <summary>Lets go of the target's locks where its wire is at a boundary (always, when <paramref name="force"/>).</summary>
    private ValueTask ReleaseOutputAsync(bool force = false)
    {
        var releasing = ValueTask.CompletedTask;
        if (_holdsFrame && (force || !_targetMidFrame))
        {
            _holdsFrame = false;
            releasing = _target.ReleaseFrameAsync();
        }

        if (_holdsMessage && (force || !_targetMidMessage))
        {
            _holdsMessage = false;
            if (!releasing.IsCompletedSuccessfully)
            {
                return ReleaseMessageAfterAsync(releasing);
            }

            _target.MessageLock.Exit();
        }

        return releasing;
    }

    private async ValueTask ReleaseMessageAfterAsync(ValueTask releasing)
    {
        try
        {
            await releasing;
        }
        finally
        {
            _target.MessageLock.Exit();
        }
    }

    /// <summary>Whether this pump holds the target inside a frame it forwarded: then nothing else can be written to the target.</summary>
    public bool TargetMidFrame => _holdsFrame && _targetMidFrame;

    /// <summary>A message is half relayed: its start went to the target and its end has not, or the source is inside one.</summary>
    public bool MidMessage => _targetMidMessage || _source.Reader.InMessage;

    public RelayLeg Source => _source;

    public RelayLeg Target => _target;

    /// <summary>Runs <paramref name="write"/> with the target's frame lock, which this pump may already hold.</summary>
    public async ValueTask WithTargetFrameAsync(Func<RelayLeg, ValueTask> write)
    {
        if (_holdsFrame)
        {
            await write(_target);
            return;
        }

        await _target.FrameLock.EnterAsync();
        try
        {
            await write(_target);
        }
        finally
        {
            await _target.ReleaseFrameAsync();
        }
    }

    private static void Return(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }
}
