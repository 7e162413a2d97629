using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace WsGate.LoadGen.Protocol;

/// <summary>
/// Reads server frames (unmasked, RFC 6455 section 5.2) from a socket into one buffer owned by the connection. Data
/// payloads are counted and skipped, never copied out; pings are answered with a pong at once. The async methods use
/// pooled builders, so a read that waits for the network does not allocate.
/// </summary>
public sealed class FrameReader
{
    /// <summary>Large enough for any control frame: a 10-byte header and 125 bytes of payload.</summary>
    public const int MinBufferSize = 256;

    private readonly Socket _socket;
    private readonly byte[] _buffer;
    private readonly byte[] _pong = new byte[2 + 4 + 125];
    private readonly byte[] _pongMask = RandomNumberGenerator.GetBytes(4);
    private int _start;
    private int _end;

    public FrameReader(Socket socket, byte[] buffer, int buffered)
    {
        if (buffer.Length < MinBufferSize)
        {
            throw new ArgumentException($"the buffer must hold at least {MinBufferSize} bytes", nameof(buffer));
        }

        _socket = socket;
        _buffer = buffer;
        _end = buffered;
    }

    /// <summary>Pings answered while reading.</summary>
    public long PingsAnswered { get; private set; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReceivedMessage> ReadMessageAsync()
    {
        long length = 0;
        while (true)
        {
            await FillAsync(2);
            var b0 = _buffer[_start];
            var b1 = _buffer[_start + 1];
            if ((b1 & 0x80) != 0)
            {
                throw new InvalidDataException("the server sent a masked frame (RFC 6455 section 5.1 forbids it)");
            }

            var len7 = b1 & 0x7F;
            var headerLength = len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
            await FillAsync(headerLength);
            var payload = len7 switch
            {
                126 => BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start + 2)),
                127 => checked((long)BinaryPrimitives.ReadUInt64BigEndian(_buffer.AsSpan(_start + 2))),
                _ => len7,
            };
            _start += headerLength;
            var opcode = b0 & 0x0F;
            var fin = (b0 & 0x80) != 0;
            if (opcode >= 0x8)
            {
                if (payload > 125 || !fin)
                {
                    throw new InvalidDataException($"the server sent a control frame (opcode {opcode}) that is fragmented or longer than 125 bytes");
                }

                var size = (int)payload;
                await FillAsync(size);
                switch (opcode)
                {
                    case 0x8:
                        var code = size >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start)) : 1005;
                        _start += size;
                        return new ReceivedMessage(MessageKind.Close, 0, code);
                    case 0x9:
                        await SendPongAsync(size);
                        break;
                    case 0xA:
                        break;
                    default:
                        throw new InvalidDataException($"the server sent a frame with the reserved opcode {opcode}");
                }

                _start += size;
                continue;
            }

            length += payload;
            await SkipAsync(payload);
            if (fin)
            {
                return new ReceivedMessage(MessageKind.Data, length, 0);
            }
        }
    }

    private ValueTask FillAsync(int count) => _end - _start >= count ? ValueTask.CompletedTask : FillSlowAsync(count);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FillSlowAsync(int count)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end < count)
        {
            var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
            if (read == 0)
            {
                throw new EndOfStreamException("the server closed the TCP connection without a close frame");
            }

            _end += read;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SkipAsync(long count)
    {
        var buffered = (int)Math.Min(count, _end - _start);
        _start += buffered;
        count -= buffered;
        while (count > 0)
        {
            _start = _end = 0;
            var read = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None);
            if (read == 0)
            {
                throw new EndOfStreamException("the server closed the TCP connection inside a message");
            }

            var taken = (int)Math.Min(count, read);
            _start = taken;
            _end = read;
            count -= taken;
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendPongAsync(int size)
    {
        var length = ClientFrames.WriteMasked(_pong, ClientFrames.OpcodePong, _buffer.AsSpan(_start, size), _pongMask);
        var frame = _pong.AsMemory(0, length);
        while (!frame.IsEmpty)
        {
            var sent = await _socket.SendAsync(frame, SocketFlags.None);
            frame = frame[sent..];
        }

        PingsAnswered++;
    }
}
