using System.Buffers.Binary;
using WsGate.Protocol;

namespace WsGate.UnitTests.Protocol;

/// <summary>Frames written byte by byte as RFC 6455 section 5.2 lays them out, independent of the code under test.</summary>
internal static class Frames
{
    public static readonly byte[] Key = [0x37, 0xFA, 0x21, 0x3D];

    /// <summary>A frame with a 7-, 16- or 64-bit length (the shortest unless <paramref name="lengthBytes"/> forces one).</summary>
    public static byte[] Build(Opcode opcode, ReadOnlySpan<byte> payload, bool fin = true, byte rsv = 0, byte[]? mask = null, int lengthBytes = -1)
    {
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | (rsv << 4) | (byte)opcode) };
        var maskBit = mask is null ? 0 : 0x80;
        var size = lengthBytes >= 0 ? lengthBytes : payload.Length < 126 ? 0 : payload.Length <= ushort.MaxValue ? 2 : 8;
        switch (size)
        {
            case 0:
                header.Add((byte)(maskBit | payload.Length));
                break;
            case 2:
                header.Add((byte)(maskBit | 126));
                header.Add((byte)(payload.Length >> 8));
                header.Add((byte)payload.Length);
                break;
            default:
                header.Add((byte)(maskBit | 127));
                var length = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
                header.AddRange(length);
                break;
        }

        if (mask is not null)
        {
            header.AddRange(mask);
        }

        var body = payload.ToArray();
        if (mask is not null)
        {
            for (var i = 0; i < body.Length; i++)
            {
                body[i] ^= mask[i % 4];
            }
        }

        return [.. header, .. body];
    }

    /// <summary>A client's frame: masked with <see cref="Key"/>.</summary>
    public static byte[] Client(Opcode opcode, ReadOnlySpan<byte> payload, bool fin = true, byte rsv = 0) => Build(opcode, payload, fin, rsv, Key);

    public static byte[] ClosePayload(int code, string reason = "")
    {
        var text = System.Text.Encoding.UTF8.GetBytes(reason);
        var payload = new byte[2 + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        text.CopyTo(payload, 2);
        return payload;
    }
}
