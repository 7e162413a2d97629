namespace WsGate.Protocol;

/// <summary>RFC 6455 section 5.2 frame opcodes: data frames below 0x8, control frames from 0x8 up (section 5.5).</summary>
public enum Opcode : byte
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}
