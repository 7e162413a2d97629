using System.Buffers.Binary;
using System.Net;

namespace WsGate.Listeners;

/// <summary>
/// The PROXY protocol version 2 header (HAProxy's proxy-protocol.txt, section 2.2) that a load balancer configured with
/// <c>send-proxy-v2</c> writes before anything else on a connection: a 16-byte fixed part, then the addresses and
/// optional TLVs. Written here because no maintained .NET library for it restores from the package mirror; it reads only
/// the fixed part and the source address, and refuses everything it does not understand.
/// </summary>
internal static class ProxyProtocolHeader
{
    public const int FixedLength = 16;

    /// <summary>More than any real header needs (addresses plus HAProxy's TLVs), so a bogus length cannot make WsGate buffer much.</summary>
    public const int MaxAddressLength = 2048;

    private static ReadOnlySpan<byte> Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>Checks the fixed part; <paramref name="addressLength"/> is how many bytes follow it.</summary>
    public static bool TryReadFixed(ReadOnlySpan<byte> fixedPart, out int addressLength, out string? error)
    {
        addressLength = 0;
        if (fixedPart.Length < FixedLength || !fixedPart[..Signature.Length].SequenceEqual(Signature))
        {
            // A version 1 header starts with "PROXY " in text; say so, it is the usual misconfiguration.
            error = fixedPart.StartsWith("PROXY "u8)
                ? "the connection starts with a PROXY protocol version 1 header; configure the proxy with send-proxy-v2"
                : "the connection does not start with a PROXY protocol version 2 header";
            return false;
        }

        if (fixedPart[12] >> 4 != 2)
        {
            error = $"PROXY protocol version {fixedPart[12] >> 4} is not supported (version 2 is)";
            return false;
        }

        if ((fixedPart[12] & 0x0F) > 1)
        {
            error = $"unknown PROXY protocol command {fixedPart[12] & 0x0F}";
            return false;
        }

        addressLength = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[14..16]);
        if (addressLength > MaxAddressLength)
        {
            error = $"the PROXY protocol header says {addressLength} bytes of addresses, more than {MaxAddressLength}";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// The client's address from the fixed part and the bytes after it: null for the LOCAL command (a health check by the
    /// proxy itself) and for address families that carry no IP address (UNIX sockets, UNSPEC), where the proxy's own
    /// address stands.
    /// </summary>
    public static bool TryReadSource(ReadOnlySpan<byte> fixedPart, ReadOnlySpan<byte> addresses, out IPEndPoint? source, out string? error)
    {
        source = null;
        error = null;
        var local = (fixedPart[12] & 0x0F) == 0;
        var family = fixedPart[13] >> 4;
        if (local)
        {
            return true;
        }

        switch (family)
        {
            case 1 when addresses.Length >= 12:
                source = new IPEndPoint(new IPAddress(addresses[..4]), BinaryPrimitives.ReadUInt16BigEndian(addresses[8..10]));
                return true;
            case 2 when addresses.Length >= 36:
                source = new IPEndPoint(new IPAddress(addresses[..16]), BinaryPrimitives.ReadUInt16BigEndian(addresses[32..34]));
                return true;
            case 1 or 2:
                error = "the PROXY protocol header is shorter than its address family needs";
                return false;
            case 0 or 3:
                return true;
            default:
                error = $"unknown PROXY protocol address family {family}";
                return false;
        }
    }
}
