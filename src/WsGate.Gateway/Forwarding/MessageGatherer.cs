using System.Buffers;
using WsGate.Protocol;

namespace WsGate.Forwarding;

/// <summary>
/// Holds one message whole while something must read it before it may go on: its frames as they came (masked, as the
/// other side needs them) and its payload unmasked. Content-based routing gathers each client message here to pick its
/// route, and a schema check to validate it; the relay sends <see cref="Frames"/> on once the message is judged.
/// </summary>
internal sealed class MessageGatherer
{
    // A buffer grown past this by a large message is not kept for the life of a connection.
    private const int KeptCapacity = 64 * 1024;

    private ArrayBufferWriter<byte> _frames = new(4096);
    private ArrayBufferWriter<byte> _payload = new(4096);

    public ReadOnlyMemory<byte> Frames => _frames.WrittenMemory;

    public ReadOnlyMemory<byte> Payload => _payload.WrittenMemory;

    /// <summary>Bytes of a frame (header or payload) as they came.</summary>
    public void AppendFrame(ReadOnlySpan<byte> raw) => _frames.Write(raw);

    /// <summary>A run of payload as it came in <paramref name="header"/>'s frame, <paramref name="payloadOffset"/> bytes into it.</summary>
    public void AppendPayload(ReadOnlySpan<byte> raw, FrameHeader header, long payloadOffset)
    {
        var destination = _payload.GetSpan(raw.Length)[..raw.Length];
        if (header.Masked)
        {
            Masking.Apply(raw, destination, header.MaskKey, payloadOffset);
        }
        else
        {
            raw.CopyTo(destination);
        }

        _payload.Advance(raw.Length);
    }

    /// <summary>Empties the gatherer for the next message.</summary>
    public void Reset()
    {
        if (_frames.Capacity > KeptCapacity)
        {
            _frames = new ArrayBufferWriter<byte>(4096);
            _payload = new ArrayBufferWriter<byte>(4096);
            return;
        }

        _frames.ResetWrittenCount();
        _payload.ResetWrittenCount();
    }
}
