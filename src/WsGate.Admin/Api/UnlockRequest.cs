namespace WsGate.Admin.Api;

/// <summary>The body of <c>POST /api/v1/lockouts/unlock</c>: a subject (<c>ip:ADDRESS</c>, <c>user:NAME</c>, <c>client:KEY</c>) and optionally one scope.</summary>
public sealed record UnlockRequest
{
    public string? Subject { get; init; }

    /// <summary><c>public</c> or <c>admin</c>; both when left out.</summary>
    public string? Scope { get; init; }
}
