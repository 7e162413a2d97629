namespace WsGate.Captures;

/// <summary>
/// Whose messages a tap sees: a connection of an API, and for a backend's answers on a content-based routed connection
/// the route of that backend (null for the client's side, whose route each message selects).
/// </summary>
public readonly record struct CaptureSubject(string ApiId, string ConnectionId, string? Route);
