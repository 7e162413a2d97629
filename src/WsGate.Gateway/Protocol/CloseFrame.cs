using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using System.Text.Unicode;
using WsGate.Connections;

namespace WsGate.Protocol;

/// <summary>Close frames (RFC 6455 section 5.5.1): what a received one says, and how WsGate writes its own.</summary>
public static class CloseFrame
{
    /// <summary>
    /// Reads a close frame's (unmasked) payload: empty means no status (1005), one byte is malformed, otherwise a code the
    /// sender may use (section 7.4) and a UTF-8 reason. On failure <paramref name="violation"/> is the code to fail the
    /// connection with: 1002 for a bad length or code, 1007 for a reason that is not UTF-8 (section 8.1).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out int code, out string? reason, out WebSocketCloseStatus violation)
    {
        code = 1005;
        reason = null;
        violation = 0;
        if (payload.Length == 0)
        {
            return true;
        }

        if (payload.Length == 1)
        {
            violation = WebSocketCloseStatus.ProtocolError;
            return false;
        }

        code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!IsValidCode(code))
        {
            violation = WebSocketCloseStatus.ProtocolError;
            return false;
        }

        var text = payload[2..];
        if (!Utf8.IsValid(text))
        {
            violation = WebSocketCloseStatus.InvalidPayloadData;
            return false;
        }

        reason = text.Length == 0 ? null : Encoding.UTF8.GetString(text);
        return true;
    }

    /// <summary>
    /// Section 7.4: codes an endpoint may put on the wire. 1004, 1005, 1006 and 1015 are reserved and never sent; the range
    /// 1000-2999 holds only the defined codes (with 1012-1014 from the IANA registry); 3000-4999 belong to applications.
    /// </summary>
    public static bool IsValidCode(int code) => code switch
    {
        >= 3000 and <= 4999 => true,
        1000 or 1001 or 1002 or 1003 or 1007 or 1008 or 1009 or 1010 or 1011 or 1012 or 1013 or 1014 => true,
        _ => false,
    };

    /// <summary>
    /// The payload of a close frame WsGate sends: the code and the reason cut to fit a control frame. 1005 (no status) must
    /// never appear on the wire (section 7.4.1), so it is an empty payload.
    /// </summary>
    public static int WritePayload(Span<byte> destination, int code, string? reason)
    {
        if (code == 1005 || code <= 0)
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)code);
        var text = CloseReason.Truncate(reason);
        return 2 + (text is null ? 0 : Encoding.UTF8.GetBytes(text, destination[2..]));
    }

    /// <summary>A whole close frame; toward a server it must be masked (section 5.3), toward a client it must not be.</summary>
    public static byte[] Build(WebSocketCloseStatus status, string? reason, bool masked)
    {
        Span<byte> payload = stackalloc byte[FrameHeader.MaxControlPayload];
        var length = WritePayload(payload, (int)status, reason);
        var frame = new byte[FrameWriter.HeaderLength(length, masked) + length];
        FrameWriter.Write(frame, Opcode.Close, fin: true, rsv: 0, payload[..length], masked);
        return frame;
    }
}
