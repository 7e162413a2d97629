namespace WsGate.Identity;

/// <summary>
/// Failed authentication attempts of one subject (a source address or a credential) within one scope (the public
/// listeners or the admin API), shared by every node through the store: how many in the current window, when the window
/// and the last failure began, and until when the subject is locked, if it is.
/// </summary>
public sealed record StoredAuthFailure(
    string Scope,
    string Subject,
    int Failures,
    DateTimeOffset WindowStart,
    DateTimeOffset LastFailure,
    DateTimeOffset? LockedUntil);
