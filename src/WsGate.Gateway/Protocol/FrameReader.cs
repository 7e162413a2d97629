using System.Net.WebSockets;

namespace WsGate.Protocol;

/// <summary>
/// Follows one direction of a WebSocket connection frame by frame (RFC 6455 section 5) without copying payloads: each
/// <see cref="Read"/> reports the next header, run of payload or whole control frame in the bytes given, so a relay can
/// forward them as they came. Strict readers (the <c>frames</c> relay) also enforce the rules an endpoint must: masking
/// by direction (section 5.3), RSV bits only for a negotiated extension (5.2), opcodes (5.2), control frames short and
/// unfragmented (5.5), fragmentation order (5.4), valid close codes (7.4) and UTF-8 in text messages and close reasons
/// (8.1, checked as it streams for messages that are not compressed). Lenient readers (the <c>stream</c> relay) only
/// follow the frames so messages can be counted and WsGate's own frames put between two.
/// </summary>
public sealed class FrameReader
{
    private const int ScratchSize = 256;

    private readonly bool _fromClient;
    private readonly bool _strict;
    private bool _deflate;
    private Utf8Validator _utf8;
    private bool _checkUtf8;

    /// <param name="fromClient">The frames come from a client, so they must be masked; from a server, they must not be.</param>
    /// <param name="deflate">permessage-deflate was negotiated: RSV1 may mark a message as compressed (RFC 7692 section 6).</param>
    /// <param name="strict">Enforce the protocol's rules, or only follow the frames.</param>
    public FrameReader(bool fromClient, bool deflate, bool strict)
    {
        _fromClient = fromClient;
        _deflate = deflate;
        _strict = strict;
    }

    /// <summary>The header of the data frame whose payload is being read, or of the last frame read.</summary>
    public FrameHeader Current { get; private set; }

    /// <summary>Bytes of the current data frame's payload still to come.</summary>
    public long PayloadLeft { get; private set; }

    /// <summary>Bytes of the current data frame's payload already read: where the next run starts, for unmasking.</summary>
    public long PayloadOffset { get; private set; }

    /// <summary>Between a message's first frame and its final one.</summary>
    public bool InMessage { get; private set; }

    /// <summary>Text or binary: the opcode of the message in progress (or of the last one).</summary>
    public Opcode MessageOpcode { get; private set; }

    /// <summary>The message in progress is compressed (its first frame had RSV1 set).</summary>
    public bool MessageCompressed { get; private set; }

    /// <summary>True when the next byte starts a frame header.</summary>
    public bool AtFrameBoundary => PayloadLeft == 0;

    /// <summary>Data messages completed so far.</summary>
    public long Messages { get; private set; }

    /// <summary>Whether permessage-deflate applies (it may change when a relay fails over to a backend that negotiated otherwise).</summary>
    public bool Deflate
    {
        get => _deflate;
        set => _deflate = value;
    }

    /// <summary>Forgets a partly read message and frame, as after a new connection replaced the one being read.</summary>
    public void Reset()
    {
        PayloadLeft = 0;
        PayloadOffset = 0;
        InMessage = false;
        _utf8.Reset();
        _checkUtf8 = false;
    }

    /// <summary>Reads the next item from the start of <paramref name="data"/>.</summary>
    public FrameItem Read(ReadOnlySpan<byte> data)
    {
        if (PayloadLeft > 0)
        {
            return ReadPayload(data);
        }

        var status = FrameHeader.TryParse(data, out var header);
        if (status == FrameParseStatus.NeedMore)
        {
            return FrameItem.NeedMore;
        }

        if (status == FrameParseStatus.Invalid)
        {
            return Fail(WebSocketCloseStatus.ProtocolError, "a 64-bit payload length must not have its most significant bit set");
        }

        if (header.IsControl)
        {
            return ReadControl(data, header);
        }

        if (_strict && Check(header) is { } violation)
        {
            return violation;
        }

        var starts = false;
        if (header.Opcode != Opcode.Continuation && (!InMessage || !_strict))
        {
            starts = true;
            InMessage = true;
            MessageOpcode = header.Opcode;
            MessageCompressed = _deflate && (header.Rsv & FrameHeader.Rsv1) != 0;
            _checkUtf8 = _strict && header.Opcode == Opcode.Text && !MessageCompressed;
        }

        Current = header;
        PayloadLeft = header.PayloadLength;
        PayloadOffset = 0;
        var endsFrame = header.PayloadLength == 0;
        var endsMessage = endsFrame && header.Fin;
        if (endsMessage && !EndMessage())
        {
            return Fail(WebSocketCloseStatus.InvalidPayloadData, "a text message ended inside a UTF-8 sequence");
        }

        return new FrameItem(FrameItemKind.Header, header.Length, header, starts, endsFrame, endsMessage);
    }

    private FrameItem ReadPayload(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return FrameItem.NeedMore;
        }

        var take = (int)Math.Min(PayloadLeft, data.Length);
        if (_checkUtf8 && !CheckUtf8(data[..take]))
        {
            return Fail(WebSocketCloseStatus.InvalidPayloadData, "a text message is not valid UTF-8");
        }

        PayloadOffset += take;
        PayloadLeft -= take;
        var endsFrame = PayloadLeft == 0;
        var endsMessage = endsFrame && Current.Fin && !Current.IsControl;
        if (endsMessage && !EndMessage())
        {
            return Fail(WebSocketCloseStatus.InvalidPayloadData, "a text message ended inside a UTF-8 sequence");
        }

        return new FrameItem(FrameItemKind.Payload, take, Current, EndsFrame: endsFrame, EndsMessage: endsMessage);
    }

    private FrameItem ReadControl(ReadOnlySpan<byte> data, FrameHeader header)
    {
        if (_strict && Check(header) is { } violation)
        {
            return violation;
        }

        // Control frames are read whole (at most 125 bytes of payload when valid); a lenient reader takes them as they come.
        if (header.PayloadLength > FrameHeader.MaxControlPayload)
        {
            Current = header;
            PayloadLeft = header.PayloadLength;
            PayloadOffset = 0;
            return new FrameItem(FrameItemKind.Header, header.Length, header);
        }

        var length = header.Length + (int)header.PayloadLength;
        if (data.Length < length)
        {
            return FrameItem.NeedMore;
        }

        Current = header;
        var code = 0;
        string? reason = null;
        if (header.Opcode == Opcode.Close)
        {
            Span<byte> payload = stackalloc byte[FrameHeader.MaxControlPayload];
            payload = payload[..(int)header.PayloadLength];
            Unmask(data.Slice(header.Length, payload.Length), payload, header, 0);
            if (!CloseFrame.TryRead(payload, out code, out reason, out var closeViolation) && _strict)
            {
                return Fail(closeViolation, closeViolation == WebSocketCloseStatus.InvalidPayloadData
                    ? "the close reason is not valid UTF-8"
                    : payload.Length == 1 ? "a close frame's body must be empty or at least 2 bytes" : $"close code {code} is not one an endpoint may send");
            }
        }

        return new FrameItem(FrameItemKind.Control, length, header, EndsFrame: true, Reason: reason, CloseCode: code);
    }

    /// <summary>The rules a header must follow wherever it appears.</summary>
    private FrameItem? Check(FrameHeader header)
    {
        if (header.Opcode is not (Opcode.Continuation or Opcode.Text or Opcode.Binary or Opcode.Close or Opcode.Ping or Opcode.Pong))
        {
            return Fail(WebSocketCloseStatus.ProtocolError, $"opcode {(byte)header.Opcode:X} is reserved");
        }

        if (header.Masked != _fromClient)
        {
            return Fail(WebSocketCloseStatus.ProtocolError, _fromClient ? "a client's frames must be masked" : "a server's frames must not be masked");
        }

        // RSV1 marks a compressed message, so only on the first frame of a data message, and only with the extension.
        var rsvAllowed = _deflate && !header.IsControl && header.Opcode != Opcode.Continuation ? FrameHeader.Rsv1 : 0;
        if ((header.Rsv & ~rsvAllowed) != 0)
        {
            return Fail(WebSocketCloseStatus.ProtocolError, "RSV bits are set without an extension that defines them");
        }

        if (header.IsControl)
        {
            if (!header.Fin)
            {
                return Fail(WebSocketCloseStatus.ProtocolError, "control frames must not be fragmented");
            }

            if (header.PayloadLength > FrameHeader.MaxControlPayload)
            {
                return Fail(WebSocketCloseStatus.ProtocolError, "a control frame's payload must be at most 125 bytes");
            }
        }
        else if (header.Opcode == Opcode.Continuation && !InMessage)
        {
            return Fail(WebSocketCloseStatus.ProtocolError, "a continuation frame with no message to continue");
        }
        else if (header.Opcode != Opcode.Continuation && InMessage)
        {
            return Fail(WebSocketCloseStatus.ProtocolError, "a new message started before the previous one ended");
        }

        return null;
    }

    /// <summary>A message's final frame ended: false when its text ended inside a UTF-8 sequence.</summary>
    private bool EndMessage()
    {
        var valid = !_checkUtf8 || _utf8.Complete();
        _checkUtf8 = false;
        InMessage = false;
        Messages++;
        return valid;
    }

    private bool CheckUtf8(ReadOnlySpan<byte> payload)
    {
        if (!Current.Masked)
        {
            return _utf8.Append(payload);
        }

        Span<byte> scratch = stackalloc byte[ScratchSize];
        var offset = PayloadOffset;
        while (!payload.IsEmpty)
        {
            var run = Math.Min(payload.Length, ScratchSize);
            Masking.Apply(payload[..run], scratch, Current.MaskKey, offset);
            if (!_utf8.Append(scratch[..run]))
            {
                return false;
            }

            payload = payload[run..];
            offset += run;
        }

        return true;
    }

    private static void Unmask(ReadOnlySpan<byte> source, Span<byte> destination, FrameHeader header, long offset)
    {
        if (header.Masked)
        {
            Masking.Apply(source, destination, header.MaskKey, offset);
        }
        else
        {
            source.CopyTo(destination);
        }
    }

    private static FrameItem Fail(WebSocketCloseStatus status, string reason) => FrameItem.Fail(status, reason);
}
