using WsGate.Identity;

namespace WsGate.Admin.Api;

/// <summary>One failure counter as the admin API shows it: whether it locks now, and until when.</summary>
public sealed record LockoutView(string Scope, string Subject, int Failures, DateTimeOffset WindowStart, DateTimeOffset LastFailure, DateTimeOffset? LockedUntil, bool Locked)
{
    public static LockoutView From(StoredAuthFailure failure, DateTimeOffset now) =>
        new(failure.Scope, failure.Subject, failure.Failures, failure.WindowStart, failure.LastFailure, failure.LockedUntil, failure.LockedUntil > now);
}
