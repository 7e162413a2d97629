using System.Numerics;
using System.Runtime.InteropServices;

namespace WsGate.Protocol;

/// <summary>
/// RFC 6455 section 5.3: a masked payload is XORed byte by byte with the 4-byte masking key, starting again at key
/// byte <c>i mod 4</c> for payload byte <c>i</c>. The relay unmasks only where it must read a payload (a UTF-8 check,
/// rules, routing), so it works on any run of a payload given where that run starts.
/// </summary>
public static class Masking
{
    /// <summary>
    /// XORs <paramref name="data"/>, which starts <paramref name="payloadOffset"/> bytes into a payload, with
    /// <paramref name="key"/> (in memory order, as <see cref="FrameHeader.MaskKey"/> holds it), in place.
    /// </summary>
    public static void Apply(Span<byte> data, uint key, long payloadOffset) => Apply(data, data, key, payloadOffset);

    /// <summary>Writes <paramref name="source"/> XORed with the key into <paramref name="destination"/> (which may be the same span).</summary>
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> destination, uint key, long payloadOffset)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("the destination is shorter than the source", nameof(destination));
        }

        // Rotate the key so that its first byte applies to source[0]; memory order means a right rotation on little-endian.
        var shift = (int)(payloadOffset & 3) * 8;
        var rotated = BitConverter.IsLittleEndian ? BitOperations.RotateRight(key, shift) : BitOperations.RotateLeft(key, shift);
        var i = 0;
        if (Vector.IsHardwareAccelerated && source.Length >= Vector<byte>.Count)
        {
            var pattern = Vector.AsVectorByte(new Vector<uint>(rotated));
            var vectors = source.Length - Vector<byte>.Count;
            for (; i <= vectors; i += Vector<byte>.Count)
            {
                var value = new Vector<byte>(source[i..]) ^ pattern;
                value.CopyTo(destination[i..]);
            }
        }

        var wide = ((ulong)rotated << 32) | rotated;
        for (; i + 8 <= source.Length; i += 8)
        {
            var value = MemoryMarshal.Read<ulong>(source[i..]) ^ wide;
            MemoryMarshal.Write(destination[i..], in value);
        }

        // The vector and ulong steps consume multiples of 4, so the key is aligned again here.
        Span<byte> keyBytes = stackalloc byte[4];
        MemoryMarshal.Write(keyBytes, in rotated);
        for (var k = 0; i < source.Length; i++, k++)
        {
            destination[i] = (byte)(source[i] ^ keyBytes[k & 3]);
        }
    }
}
