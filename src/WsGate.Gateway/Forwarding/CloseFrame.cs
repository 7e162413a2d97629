using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using WsGate.Connections;

namespace WsGate.Forwarding;

/// <summary>Builds close frames (RFC 6455 section 5.5.1) for the <c>stream</c> relay, which writes frames itself.</summary>
public static class CloseFrame
{
    /// <summary>A close frame; toward a server it must be masked (section 5.3), toward a client it must not be.</summary>
    public static byte[] Build(WebSocketCloseStatus status, string? reason, bool masked)
    {
        var text = Encoding.UTF8.GetBytes(CloseReason.Truncate(reason) ?? "");
        var payload = new byte[2 + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        text.CopyTo(payload, 2);
        var frame = new byte[2 + (masked ? 4 : 0) + payload.Length];
        frame[0] = 0x88;
        frame[1] = (byte)((masked ? 0x80 : 0) | payload.Length);
        if (!masked)
        {
            payload.CopyTo(frame, 2);
            return frame;
        }

        var mask = RandomNumberGenerator.GetBytes(4);
        mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ mask[i % 4]);
        }

        return frame;
    }
}
