namespace WsGate.Admin.Api;

/// <summary>Liveness: the process answers.</summary>
public sealed record HealthView(string Status);
