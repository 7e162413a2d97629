namespace WsGate.ConformanceTests.Cases;

/// <summary>What the client receives and compares: whole data messages, and pongs (control frames, RFC 6455 section 5.5.3).</summary>
public enum MessageKind
{
    Text,
    Binary,
    Pong,
}
