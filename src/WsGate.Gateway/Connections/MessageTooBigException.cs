namespace WsGate.Connections;

/// <summary>A client message exceeded the listener's max message size; the session has been closed with 1009 (RFC 6455 section 7.4.1).</summary>
public sealed class MessageTooBigException(long limit) : Exception($"message exceeds {limit} bytes")
{
    public long Limit { get; } = limit;
}
