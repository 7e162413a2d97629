namespace WsGate.Configuration;

/// <summary>
/// How much of a listener's connection work may run at once: handshake admission, the echo handler's send of each frame
/// and the channel handler's handling of each request (receiving is never work; relays keep their own pumps). The counterpart of the webMethods port's "Threadpool Max" and
/// "Threadpool Priority"; "Threadpool Min" has none, because a port here owns no threads (see docs/configuration.md,
/// "Worker limits"). Off by default: <see cref="MaxConcurrent"/> 0 leaves the listener's work unlimited and unqueued.
/// </summary>
public sealed record WorkersConfig
{
    public const int MinPriority = 1;
    public const int MaxPriority = 10;
    public const int DefaultPriority = 5;
    public const int MaxQueueLimit = 1_000_000;

    /// <summary>Work items of this listener running at once (webMethods' threadpool max); 0 is unlimited and turns the rest off.</summary>
    public int MaxConcurrent { get; init; }

    /// <summary>
    /// Work items that may wait for a slot once <see cref="MaxConcurrent"/> are running; a handshake that finds the queue
    /// full is refused with 503. Messages are not refused: a message that finds it full still waits, and its connection
    /// reads nothing more meanwhile (back-pressure on that connection only). Kept but ignored while
    /// <see cref="MaxConcurrent"/> is 0, as <see cref="Priority"/> is, so turning the limits off and on again keeps it.
    /// </summary>
    public int QueueLimit { get; init; }

    /// <summary>
    /// 1 to 10, larger first (webMethods' threadpool priority, Java's thread priorities): when the machine's work slots are
    /// all taken, the waiting work of the listener with the highest priority is granted the next free slot.
    /// </summary>
    public int Priority { get; init; } = DefaultPriority;

    /// <summary>True when the listener's work goes through the scheduler at all.</summary>
    public bool Enabled => MaxConcurrent > 0;
}
