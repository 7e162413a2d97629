namespace WsGate.Configuration.Identity;

/// <summary>
/// Failed authentication attempts, counted per source address and per credential (user name, consumer key), separately
/// for the public listeners and the admin API, in the store so every node counts the same: each failure slows the next
/// failed answer (doubling from <see cref="FailureDelayMs"/> up to <see cref="MaxDelayMs"/>), and
/// <see cref="MaxFailures"/> within <see cref="WindowSeconds"/> locks the address, or the credential for the addresses
/// that failed with it, for <see cref="LockoutSeconds"/>.
/// </summary>
public sealed record LockoutConfig
{
    /// <summary>Failures within <see cref="WindowSeconds"/> that lock an address or credential; 0 turns locking off (the delay stays).</summary>
    public int MaxFailures { get; init; } = 10;

    public int WindowSeconds { get; init; } = 300;

    public int LockoutSeconds { get; init; } = 900;

    /// <summary>The delay added to the first failed answer; it doubles with each further failure in the window.</summary>
    public int FailureDelayMs { get; init; } = 250;

    /// <summary>The most a failed answer is delayed.</summary>
    public int MaxDelayMs { get; init; } = 5000;

    /// <summary>How long a failure counter can matter: its window, or a lock it caused, whichever is longer.</summary>
    public TimeSpan Relevance() => TimeSpan.FromSeconds(Math.Max(WindowSeconds, LockoutSeconds));
}
