namespace WsGate.Configuration.Throttling;

/// <summary>What a full outbound queue does with one more message for a client that is not keeping up.</summary>
public enum OverflowAction
{
    /// <summary>The oldest queued message is dropped to make room (latest state wins: prices, positions).</summary>
    DropOldest,

    /// <summary>The new message is dropped (what is queued is delivered in order).</summary>
    DropNewest,

    /// <summary>The connection is closed with 1008 (policy violation).</summary>
    Close1008,

    /// <summary>The connection is closed with 1013 (try again later), telling the client to reconnect.</summary>
    Close1013,
}
