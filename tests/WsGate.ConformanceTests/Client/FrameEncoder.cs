using System.Buffers.Binary;

namespace WsGate.ConformanceTests.Client;

/// <summary>Writes frames byte for byte as RFC 6455 section 5.2 lays them out, masking with a fresh random key (section 5.3).</summary>
public static class FrameEncoder
{
    public static byte[] Encode(Frame frame)
    {
        var payload = frame.Payload;
        var lengthBytes = payload.Length switch
        {
            <= 125 => 0,
            <= ushort.MaxValue => 2,
            _ => 8,
        };
        var maskBytes = frame.Masked ? 4 : 0;
        var bytes = new byte[2 + lengthBytes + maskBytes + payload.Length];
        bytes[0] = (byte)((frame.Fin ? 0x80 : 0) | ((frame.Rsv & 0x7) << 4) | ((int)frame.Opcode & 0xF));
        var maskBit = frame.Masked ? 0x80 : 0;
        switch (lengthBytes)
        {
            case 0:
                bytes[1] = (byte)(maskBit | payload.Length);
                break;
            case 2:
                bytes[1] = (byte)(maskBit | 126);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)payload.Length);
                break;
            default:
                bytes[1] = (byte)(maskBit | 127);
                BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(2), (ulong)payload.Length);
                break;
        }

        var offset = 2 + lengthBytes;
        if (!frame.Masked)
        {
            payload.CopyTo(bytes, offset);
            return bytes;
        }

        Span<byte> key = stackalloc byte[4];
        Random.Shared.NextBytes(key);
        key.CopyTo(bytes.AsSpan(offset));
        offset += 4;
        for (var i = 0; i < payload.Length; i++)
        {
            bytes[offset + i] = (byte)(payload[i] ^ key[i & 3]);
        }

        return bytes;
    }

    /// <summary>A close frame body: the status code in network byte order, then the reason (RFC 6455 section 5.5.1).</summary>
    public static byte[] ClosePayload(int code, ReadOnlySpan<byte> reason = default)
    {
        var payload = new byte[2 + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        reason.CopyTo(payload.AsSpan(2));
        return payload;
    }
}
