namespace WsGate.LoadGen.Protocol;

/// <summary>A whole data message (its payload length over all fragments; the bytes themselves are skipped) or the server's close.</summary>
public readonly record struct ReceivedMessage(MessageKind Kind, long Length, int CloseCode);
