namespace WsGate.Configuration.Throttling;

/// <summary>
/// A message and byte allowance per window, enforced on every frame with token buckets: the buckets refill continuously at
/// <c>perWindow / window</c> and hold at most <see cref="Burst"/> messages (the whole window's allowance when 0). 0 means
/// no limit for that quantity.
/// </summary>
public sealed record RateLimitConfig
{
    public const int DefaultWindowMs = 60_000;

    /// <summary>
    /// Frames are read and charged in pieces of up to this many bytes, so a byte allowance smaller than this could never
    /// admit a large frame.
    /// </summary>
    public const long MinBytesPerWindow = 16 * 1024;

    /// <summary>Messages allowed per window; 0 is unlimited.</summary>
    public long MessagesPerWindow { get; init; }

    /// <summary>Payload bytes allowed per window; 0 is unlimited, otherwise at least <see cref="MinBytesPerWindow"/>.</summary>
    public long BytesPerWindow { get; init; }

    public int WindowMs { get; init; } = DefaultWindowMs;

    /// <summary>Most messages accepted at once (WSO2's burst control); 0 allows the whole window's allowance at once.</summary>
    public long Burst { get; init; }

    /// <summary>Which messages count against the allowance.</summary>
    public ThrottleDirection Count { get; init; } = ThrottleDirection.Inbound;

    public ThrottleAction Action { get; init; } = ThrottleAction.Drop;

    /// <summary>
    /// The error frame sent to a client whose message was dropped: a JSON object, in which <c>{retryAfterMs}</c> and
    /// <c>{scope}</c> are replaced. Null sends the default error frame.
    /// </summary>
    public string? ErrorMessage { get; init; }

    public bool IsUnlimited => MessagesPerWindow == 0 && BytesPerWindow == 0;

    public bool Counts(ThrottleDirection direction) => Count == ThrottleDirection.Both || Count == direction;
}
