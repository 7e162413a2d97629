using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace WsGate.Protocol;

/// <summary>
/// Writes the frames WsGate itself originates (control frames, close frames, messages it injects): unmasked toward a
/// client, masked with a fresh key toward a server (RFC 6455 section 5.3). Relayed frames are never rewritten.
/// </summary>
public static class FrameWriter
{
    public static int HeaderLength(long payloadLength, bool masked) =>
        2 + (payloadLength < 126 ? 0 : payloadLength <= ushort.MaxValue ? 2 : 8) + (masked ? 4 : 0);

    /// <summary>Writes a header and the payload into <paramref name="destination"/>; returns the frame's length.</summary>
    public static int Write(Span<byte> destination, Opcode opcode, bool fin, byte rsv, ReadOnlySpan<byte> payload, bool masked)
    {
        var header = WriteHeader(destination, opcode, fin, rsv, payload.Length, masked, out var key);
        if (masked)
        {
            Masking.Apply(payload, destination[header..], key, 0);
        }
        else
        {
            payload.CopyTo(destination[header..]);
        }

        return header + payload.Length;
    }

    /// <summary>Writes a header; for a masked frame <paramref name="key"/> is the key the payload must be masked with.</summary>
    public static int WriteHeader(Span<byte> destination, Opcode opcode, bool fin, byte rsv, long payloadLength, bool masked, out uint key)
    {
        destination[0] = (byte)((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (byte)opcode);
        var maskBit = masked ? 0x80 : 0;
        int offset;
        if (payloadLength < 126)
        {
            destination[1] = (byte)(maskBit | (int)payloadLength);
            offset = 2;
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            offset = 4;
        }
        else
        {
            destination[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
            offset = 10;
        }

        key = 0;
        if (masked)
        {
            // Section 10.3: keys must be unpredictable to whoever chooses the payload; these frames' payloads are WsGate's own
            // or an application's server push, so a key from the system's CSPRNG is used rather than a cheaper generator.
            RandomNumberGenerator.Fill(destination.Slice(offset, 4));
            key = MemoryMarshal.Read<uint>(destination[offset..]);
            offset += 4;
        }

        return offset;
    }
}
