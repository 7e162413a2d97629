using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace WsGate.Protocol;

/// <summary>
/// One frame's header as RFC 6455 section 5.2 lays it out: FIN, RSV1-3, the opcode, the mask bit, a 7-, 16- or 64-bit
/// payload length and, on a masked frame, the 4-byte masking key. Parsing only decodes; whether a frame is allowed
/// where it appears (its opcode, RSV bits, mask, fragmentation) is <see cref="FrameRules"/>' to say.
/// </summary>
public readonly record struct FrameHeader(bool Fin, byte Rsv, Opcode Opcode, bool Masked, long PayloadLength, uint MaskKey, int Length)
{
    /// <summary>The longest header: 2 bytes, a 64-bit length and a masking key.</summary>
    public const int MaxLength = 14;

    /// <summary>Section 5.5: control frames carry at most 125 bytes of payload.</summary>
    public const int MaxControlPayload = 125;

    /// <summary>RSV1, which permessage-deflate uses to mark a compressed message (RFC 7692 section 6).</summary>
    public const byte Rsv1 = 0b100;

    public bool IsControl => ((byte)Opcode & 0x8) != 0;

    /// <summary>
    /// Decodes a header from the start of <paramref name="data"/>: <see cref="FrameParseStatus.NeedMore"/> when the bytes
    /// end inside it, <see cref="FrameParseStatus.Invalid"/> for a 64-bit length with its most significant bit set, which
    /// section 5.2 forbids. A length not written in its shortest form is taken as sent: the "minimal number of bytes"
    /// rule binds encoders, and endpoints accept such frames.
    /// </summary>
    public static FrameParseStatus TryParse(ReadOnlySpan<byte> data, out FrameHeader header)
    {
        header = default;
        if (data.Length < 2)
        {
            return FrameParseStatus.NeedMore;
        }

        var first = data[0];
        var second = data[1];
        var masked = (second & 0x80) != 0;
        var length7 = second & 0x7F;
        var length = 2 + (masked ? 4 : 0) + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0);
        if (data.Length < length)
        {
            return FrameParseStatus.NeedMore;
        }

        long payload = length7;
        var offset = 2;
        if (length7 == 126)
        {
            payload = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            offset = 4;
        }
        else if (length7 == 127)
        {
            var value = BinaryPrimitives.ReadUInt64BigEndian(data[2..]);
            if ((value & 0x8000_0000_0000_0000UL) != 0)
            {
                return FrameParseStatus.Invalid;
            }

            payload = (long)value;
            offset = 10;
        }

        // The key is kept in memory order, so applying it is an XOR with the same bytes (Masking).
        var key = masked ? MemoryMarshal.Read<uint>(data[offset..]) : 0u;
        header = new FrameHeader((first & 0x80) != 0, (byte)((first >> 4) & 0x7), (Opcode)(first & 0x0F), masked, payload, key, length);
        return FrameParseStatus.Complete;
    }
}
