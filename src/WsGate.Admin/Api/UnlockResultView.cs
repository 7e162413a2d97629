namespace WsGate.Admin.Api;

/// <summary>An unlock: the subject as counted, the scope it was limited to (all when absent), and the counters removed.</summary>
public sealed record UnlockResultView(string Subject, string? Scope, int Removed);
