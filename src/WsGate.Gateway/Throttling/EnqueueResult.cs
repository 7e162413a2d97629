namespace WsGate.Throttling;

/// <summary>What became of a message offered to a connection's outbound queue.</summary>
public enum EnqueueResult
{
    /// <summary>Queued (possibly after dropping the oldest queued message).</summary>
    Queued,

    /// <summary>Dropped: the queue is full and keeps what it has (dropNewest), or the message alone exceeds the byte bound.</summary>
    Dropped,

    /// <summary>The queue is full and its overflow action closes the connection.</summary>
    Overflow,

    /// <summary>The connection is closing.</summary>
    Closed,
}
