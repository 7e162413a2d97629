using WsGate.Admission;

namespace WsGate.Throttling;

/// <summary>The answer to a handshake's connection caps: a throttle for the connection, or a 429 refusal.</summary>
public sealed record ThrottleAdmission(ConnectionThrottle? Throttle, HandshakeRejection? Rejection);
