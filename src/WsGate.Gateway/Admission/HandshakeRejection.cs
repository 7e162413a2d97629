namespace WsGate.Admission;

/// <summary>Why a handshake is refused before any upgrade: the HTTP status and the problem body's title and detail.</summary>
public sealed record HandshakeRejection(int Status, string Title, string Detail, TimeSpan? RetryAfter = null, IReadOnlyDictionary<string, string>? Headers = null);
