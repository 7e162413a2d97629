using WsGate.Connections;
using WsGate.Protocol;

namespace WsGate.Forwarding;

/// <summary>
/// The target of a content-routed connection's client pump: where an ordinary relay writes the client's frames to a
/// backend, this gathers each message (<see cref="MessageGatherer"/>) and, at the message's
/// final frame, hands the whole message to <see cref="RoutedConnection"/>, which picks the route from its JSON property.
/// The pump has already checked the frames and applied the limits, so this only follows them.
/// </summary>
internal sealed class RouterTransport(Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>, bool, ValueTask> route) : Transport(ReadOnlyMemory<byte>.Empty)
{
    private readonly FrameReader _reader = new(fromClient: true, deflate: false, strict: false);
    private readonly MessageGatherer _message = new();
    private byte[] _carry = [];

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        var bytes = _carry.Length == 0 ? data : (ReadOnlyMemory<byte>)_carry.Concat(data.ToArray()).ToArray();
        _carry = [];
        var position = 0;
        while (position < bytes.Length)
        {
            var item = _reader.Read(bytes.Span[position..]);
            if (item.Kind == FrameItemKind.NeedMore)
            {
                _carry = bytes[position..].ToArray();
                return;
            }

            var piece = bytes.Slice(position, item.Consumed);
            position += item.Consumed;
            if (item.Kind == FrameItemKind.Control)
            {
                continue;
            }

            _message.AppendFrame(piece.Span);
            if (item.Kind == FrameItemKind.Payload)
            {
                _message.AppendPayload(piece.Span, item.Header, _reader.PayloadOffset - item.Consumed);
            }

            if (item.EndsMessage)
            {
                await route(_message.Frames, _message.Payload, _reader.MessageOpcode == Opcode.Text);
                _message.Reset();
            }
        }
    }

    public override ValueTask ShutdownSendAsync() => ValueTask.CompletedTask;

    protected override ValueTask<int> ReceiveCoreAsync(Memory<byte> buffer) => throw new NotSupportedException("the router is only written to");

    protected override void AbortCore()
    {
    }

    protected override Stream CreateStream() => throw new NotSupportedException("the router is only written to");
}
