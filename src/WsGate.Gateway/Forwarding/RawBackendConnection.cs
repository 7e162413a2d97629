namespace WsGate.Forwarding;

/// <summary>A backend that answered 101: its stream, its response headers, and any bytes it sent after the headers.</summary>
public sealed record RawBackendConnection(Stream Stream, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Leftover);
