using System.Buffers;
using WsGate.Protocol;

namespace WsGate.Forwarding;

/// <summary>
/// Holds one message whole while something must read it before it may go on: its frames as they came (masked, as the
/// other side needs them) and its payload unmasked. Content-based routing gathers each client message here to pick its
/// route, and a schema check to validate it; the relay sends <see cref="Frames"/> on once the message is judged.
/// </summary>
/// <remarks>
/// Both buffers are rented from the shared pool at the message's first bytes and returned by <see cref="Reset"/> when the
/// message is done with (sent, routed or dropped): a connection between messages holds none, however large its last.
/// <see cref="Frames"/> and <see cref="Payload"/> are valid only until then.
/// </remarks>
internal sealed class MessageGatherer
{
    private const int FirstSize = 4096;

    private byte[]? _frames;
    private int _framesLength;
    private byte[]? _payload;
    private int _payloadLength;

    public ReadOnlyMemory<byte> Frames => _frames.AsMemory(0, _framesLength);

    public ReadOnlyMemory<byte> Payload => _payload.AsMemory(0, _payloadLength);

    /// <summary>Bytes of a frame (header or payload) as they came.</summary>
    public void AppendFrame(ReadOnlySpan<byte> raw)
    {
        raw.CopyTo(Room(ref _frames, _framesLength, raw.Length));
        _framesLength += raw.Length;
    }

    /// <summary>A run of payload as it came in <paramref name="header"/>'s frame, <paramref name="payloadOffset"/> bytes into it.</summary>
    public void AppendPayload(ReadOnlySpan<byte> raw, FrameHeader header, long payloadOffset)
    {
        var destination = Room(ref _payload, _payloadLength, raw.Length);
        if (header.Masked)
        {
            Masking.Apply(raw, destination, header.MaskKey, payloadOffset);
        }
        else
        {
            raw.CopyTo(destination);
        }

        _payloadLength += raw.Length;
    }

    /// <summary>Empties the gatherer once its message is done with, returning its buffers to the pool.</summary>
    public void Reset()
    {
        Return(ref _frames);
        Return(ref _payload);
        _framesLength = 0;
        _payloadLength = 0;
    }

    /// <summary>The <paramref name="count"/> bytes after the <paramref name="length"/> written, growing the rented buffer as needed.</summary>
    private static Span<byte> Room(ref byte[]? buffer, int length, int count)
    {
        var needed = length + count;
        if (buffer is null || buffer.Length < needed)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(FirstSize, (buffer?.Length ?? 0) * 2)));
            if (buffer is not null)
            {
                buffer.AsSpan(0, length).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(buffer);
            }

            buffer = grown;
        }

        return buffer.AsSpan(length, count);
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
