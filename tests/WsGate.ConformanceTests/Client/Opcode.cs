namespace WsGate.ConformanceTests.Client;

/// <summary>Frame opcodes of RFC 6455 section 5.2; 3-7 and 11-15 are reserved and appear here only as casts.</summary>
public enum Opcode : byte
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}
