using System.Buffers;
using WsGate.Connections;
using WsGate.Protocol;

namespace WsGate.Forwarding;

/// <summary>
/// The target of a content-routed connection's client pump: where an ordinary relay writes the client's frames to a
/// backend, this gathers each message's frames as they came (masked, as a backend needs them) and, at the message's
/// final frame, hands the whole message to <see cref="RoutedConnection"/>, which picks the route from its JSON property.
/// The pump has already checked the frames and applied the limits, so this only follows them.
/// </summary>
internal sealed class RouterTransport(Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>, bool, ValueTask> route) : Transport(ReadOnlyMemory<byte>.Empty)
{
    private readonly FrameReader _reader = new(fromClient: true, deflate: false, strict: false);
    private readonly ArrayBufferWriter<byte> _frames = new(4096);
    private readonly ArrayBufferWriter<byte> _payload = new(4096);
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

            _frames.Write(piece.Span);
            if (item.Kind == FrameItemKind.Payload)
            {
                var offset = _reader.PayloadOffset - item.Consumed;
                var destination = _payload.GetSpan(item.Consumed)[..item.Consumed];
                Masking.Apply(piece.Span, destination, item.Header.MaskKey, offset);
                _payload.Advance(item.Consumed);
            }

            if (item.EndsMessage)
            {
                await route(_frames.WrittenMemory, _payload.WrittenMemory, _reader.MessageOpcode == Opcode.Text);
                _frames.ResetWrittenCount();
                _payload.ResetWrittenCount();
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
