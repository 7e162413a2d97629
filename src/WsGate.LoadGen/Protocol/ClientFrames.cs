using System.Buffers.Binary;
using System.Security.Cryptography;

namespace WsGate.LoadGen.Protocol;

/// <summary>
/// Client frames built whole ahead of time: header, masking key and the payload already XORed with it (RFC 6455
/// section 5.3). A run builds its message frame once and sends the same bytes on every connection, so the hot loop
/// neither masks nor allocates.
/// </summary>
public static class ClientFrames
{
    public const byte OpcodeText = 0x1;
    public const byte OpcodeBinary = 0x2;
    public const byte OpcodeClose = 0x8;
    public const byte OpcodePong = 0xA;
    public const int MaxHeaderLength = 14;

    /// <summary>A final binary frame of <paramref name="size"/> bytes of a fixed pattern, masked with a random key.</summary>
    public static byte[] Binary(int size)
    {
        var payload = new byte[size];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(i * 31 + 7);
        }

        return Masked(OpcodeBinary, payload, RandomNumberGenerator.GetBytes(4));
    }

    /// <summary>A final text frame of <paramref name="payload"/> (UTF-8), masked with a random key.</summary>
    public static byte[] Text(ReadOnlySpan<byte> payload) => Masked(OpcodeText, payload, RandomNumberGenerator.GetBytes(4));

    /// <summary>A close frame with status <paramref name="code"/> and no reason.</summary>
    public static byte[] Close(ushort code)
    {
        Span<byte> payload = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(payload, code);
        return Masked(OpcodeClose, payload, RandomNumberGenerator.GetBytes(4));
    }

    public static byte[] Masked(byte opcode, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> mask)
    {
        var frame = new byte[HeaderLength(payload.Length) + payload.Length];
        var written = WriteMasked(frame, opcode, payload, mask);
        return written == frame.Length ? frame : throw new InvalidOperationException("frame length mismatch");
    }

    /// <summary>Writes a final masked frame into <paramref name="destination"/> and returns its length.</summary>
    public static int WriteMasked(Span<byte> destination, byte opcode, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> mask)
    {
        destination[0] = (byte)(0x80 | opcode);
        int offset;
        if (payload.Length < 126)
        {
            destination[1] = (byte)(0x80 | payload.Length);
            offset = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            destination[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
            offset = 4;
        }
        else
        {
            destination[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
            offset = 10;
        }

        mask[..4].CopyTo(destination[offset..]);
        offset += 4;
        for (var i = 0; i < payload.Length; i++)
        {
            destination[offset + i] = (byte)(payload[i] ^ mask[i & 3]);
        }

        return offset + payload.Length;
    }

    private static int HeaderLength(int payloadLength) => payloadLength < 126 ? 6 : payloadLength <= ushort.MaxValue ? 8 : 14;
}
