namespace WsGate.Identity;

public sealed record AuditQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Actor = null, string? Target = null, int Limit = 100);
