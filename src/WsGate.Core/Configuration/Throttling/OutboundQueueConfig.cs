namespace WsGate.Configuration.Throttling;

/// <summary>
/// The queue of messages waiting to be written to one client (server push, channel broadcasts), so that a broadcast never
/// waits on its slowest subscriber; when it is full, <see cref="Overflow"/> decides.
/// </summary>
public sealed record OutboundQueueConfig
{
    public const int DefaultMaxMessages = 1024;
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    public static OutboundQueueConfig Default { get; } = new();

    public int MaxMessages { get; init; } = DefaultMaxMessages;

    /// <summary>Payload bytes queued at most; 0 bounds by message count only.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    public OverflowAction Overflow { get; init; } = OverflowAction.DropOldest;
}
