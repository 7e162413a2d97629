namespace WsGate.Outbound;

/// <summary>The plain result of a client's "Test connection".</summary>
public sealed record OutboundTestResult(string Client, string Url, bool Ok, long LatencyMs, string? SubProtocol, string? Error);
