using System.Buffers.Binary;
using System.Net.Sockets;
using WsGate.Protocol;

namespace WsGate.UnitTests.Forwarding;

/// <summary>Reads frames off a socket with a parser of the test's own (RFC 6455 section 5.2), independent of the relay's.</summary>
internal sealed class FrameSink(Socket socket)
{
    private readonly List<byte> _buffered = [];

    public sealed record Frame(bool Fin, byte Rsv, Opcode Opcode, bool Masked, byte[] Payload, byte[] Raw)
    {
        public int CloseCode => Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : 1005;

        public string CloseReason => Payload.Length > 2 ? System.Text.Encoding.UTF8.GetString(Payload, 2, Payload.Length - 2) : "";
    }

    /// <summary>The next frame, its payload unmasked; null at the end of the stream.</summary>
    public async Task<Frame?> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        if (!await FillAsync(2, cts.Token))
        {
            return null;
        }

        var length7 = _buffered[1] & 0x7F;
        var masked = (_buffered[1] & 0x80) != 0;
        var header = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
        await FillAsync(header, cts.Token);
        long length = length7 switch
        {
            126 => (_buffered[2] << 8) | _buffered[3],
            127 => (long)BinaryPrimitives.ReadUInt64BigEndian(_buffered.GetRange(2, 8).ToArray()),
            _ => length7,
        };
        await FillAsync(header + (int)length, cts.Token);
        var raw = _buffered.GetRange(0, header + (int)length).ToArray();
        _buffered.RemoveRange(0, raw.Length);
        var payload = raw[header..];
        if (masked)
        {
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= raw[header - 4 + (i % 4)];
            }
        }

        return new Frame((raw[0] & 0x80) != 0, (byte)((raw[0] >> 4) & 7), (Opcode)(raw[0] & 0xF), masked, payload, raw);
    }

    /// <summary>True once the peer ended the stream (after whatever frames were still on their way).</summary>
    public async Task<bool> EndsAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (read == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private async Task<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (_buffered.Count < count)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            _buffered.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        return true;
    }
}
