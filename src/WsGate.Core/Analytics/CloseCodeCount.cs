namespace WsGate.Analytics;

/// <summary>How many connections ended with a close code (RFC 6455 section 7.4; 1006 when no close frame was received), per group.</summary>
public sealed record CloseCodeCount(string? Group, int Code, long Count);
