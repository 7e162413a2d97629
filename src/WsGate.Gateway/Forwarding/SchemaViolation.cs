namespace WsGate.Forwarding;

/// <summary>Why a message failed its schema: the JSON pointer of the failing value (empty for the whole message) and the schema's complaint.</summary>
public sealed record SchemaViolation(string Path, string Message);
