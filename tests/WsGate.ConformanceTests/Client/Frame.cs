namespace WsGate.ConformanceTests.Client;

/// <summary>
/// One WebSocket frame as written on the wire (RFC 6455 section 5.2): what a case sends, with any FIN, RSV, opcode and
/// mask bit it likes, and what the server sent back (where <see cref="Masked"/> must be false).
/// </summary>
/// <param name="Rsv">The three reserved bits as a number: 4 is RSV1, 2 is RSV2, 1 is RSV3.</param>
public sealed record Frame(Opcode Opcode, byte[] Payload, bool Fin = true, int Rsv = 0, bool Masked = true)
{
    public bool IsControl => ((int)Opcode & 0x8) != 0;

    public override string ToString() =>
        $"{Opcode}{(Fin ? string.Empty : " (FIN=0)")}{(Rsv != 0 ? $" RSV={Rsv}" : string.Empty)}{(Masked ? " masked" : string.Empty)} {Payload.Length} bytes";
}
