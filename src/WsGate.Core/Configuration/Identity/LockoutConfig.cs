namespace WsGate.Configuration.Identity;

/// <summary>Failed authentication attempts are slowed, then locked out, per user and per client IP.</summary>
public sealed record LockoutConfig
{
    /// <summary>Failures within <see cref="WindowSeconds"/> that lock the user or address out; 0 turns lockout off.</summary>
    public int MaxFailures { get; init; } = 5;

    public int WindowSeconds { get; init; } = 300;

    public int LockoutSeconds { get; init; } = 900;

    /// <summary>Added to each failed attempt's answer per recent failure, up to 2 s; slows guessing without locking out.</summary>
    public int FailureDelayMs { get; init; } = 250;
}
