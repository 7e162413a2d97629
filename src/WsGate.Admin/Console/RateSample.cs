namespace WsGate.Admin.Console;

/// <summary>Messages per second received from and sent to clients at one moment, with the live connection count.</summary>
public sealed record RateSample(DateTimeOffset At, double InPerSecond, double OutPerSecond, int Connections);
