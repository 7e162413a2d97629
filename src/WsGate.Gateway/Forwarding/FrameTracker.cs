namespace WsGate.Forwarding;

/// <summary>
/// Follows RFC 6455 section 5.2 frame headers in a byte stream without touching payloads, so the <c>stream</c> relay
/// knows where frames begin (to inject a close frame between two frames) and can count messages and bytes.
/// </summary>
public sealed class FrameTracker
{
    private readonly byte[] _header = new byte[14];
    private int _headerRead;
    private long _payloadLeft;

    /// <summary>True between frames: the next byte starts a frame header.</summary>
    public bool AtBoundary => _headerRead == 0 && _payloadLeft == 0;

    /// <summary>Data messages completed (a final frame of a text, binary or continuation frame sequence).</summary>
    public long Messages { get; private set; }

    /// <summary>
    /// Follows <paramref name="data"/> and returns how many of its bytes were consumed: all of them, or, when
    /// <paramref name="stopAtBoundary"/> is set, up to the first frame boundary (which may be 0 when already at one).
    /// </summary>
    public int Advance(ReadOnlySpan<byte> data, bool stopAtBoundary)
    {
        var offset = 0;
        while (offset < data.Length)
        {
            if (stopAtBoundary && AtBoundary)
            {
                return offset;
            }

            if (_payloadLeft > 0)
            {
                var take = (int)Math.Min(_payloadLeft, data.Length - offset);
                _payloadLeft -= take;
                offset += take;
                continue;
            }

            _header[_headerRead++] = data[offset++];
            var needed = HeaderLength();
            if (_headerRead < needed)
            {
                continue;
            }

            _payloadLeft = PayloadLength();
            var fin = (_header[0] & 0x80) != 0;
            var opcode = _header[0] & 0x0F;
            if (fin && opcode is 0 or 1 or 2)
            {
                Messages++;
            }

            _headerRead = 0;
        }

        return offset;
    }

    private int HeaderLength()
    {
        if (_headerRead < 2)
        {
            return 2;
        }

        var masked = (_header[1] & 0x80) != 0 ? 4 : 0;
        var length = _header[1] & 0x7F;
        return 2 + masked + (length == 126 ? 2 : length == 127 ? 8 : 0);
    }

    private long PayloadLength()
    {
        var length = _header[1] & 0x7F;
        return length switch
        {
            126 => (_header[2] << 8) | _header[3],
            127 => (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2, 8)) & long.MaxValue,
            _ => length,
        };
    }
}
