namespace WsGate.Health;

/// <summary>The outcome of really opening a WebSocket to a backend endpoint.</summary>
public sealed record ProbeResult(string Url, string Environment, bool Ok, double LatencyMs, string? SubProtocol, int? HttpStatus, string? Error);
