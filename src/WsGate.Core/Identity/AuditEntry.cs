namespace WsGate.Identity;

/// <summary>One admin change: who, what, on what, from where, when, and the HTTP status it ended with.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string? Remote, string Action, string? Target, int Outcome);
