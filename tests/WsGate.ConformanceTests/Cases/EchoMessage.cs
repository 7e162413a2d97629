using System.Text;

namespace WsGate.ConformanceTests.Cases;

/// <summary>A whole message (or a pong) as the client sees it, whatever framing the server chose.</summary>
public sealed class EchoMessage(MessageKind kind, byte[] payload)
{
    public MessageKind Kind { get; } = kind;

    public byte[] Payload { get; } = payload;

    public static EchoMessage Text(string text) => new(MessageKind.Text, Encoding.UTF8.GetBytes(text));

    public static EchoMessage Text(byte[] utf8) => new(MessageKind.Text, utf8);

    public static EchoMessage Binary(byte[] data) => new(MessageKind.Binary, data);

    public static EchoMessage Pong(byte[] data) => new(MessageKind.Pong, data);

    public static EchoMessage Pong(string text) => new(MessageKind.Pong, Encoding.UTF8.GetBytes(text));

    public bool SameAs(EchoMessage other) => Kind == other.Kind && Payload.AsSpan().SequenceEqual(other.Payload);

    public override string ToString()
    {
        if (Payload.Length > 32)
        {
            return $"{Kind}({Payload.Length} bytes)";
        }

        return Kind == MessageKind.Text ? $"{Kind}(\"{Encoding.UTF8.GetString(Payload)}\")" : $"{Kind}({Convert.ToHexString(Payload)})";
    }
}
