using WsGate.Connections;

namespace WsGate.Analytics;

/// <summary>A live connection's rollup key and the counter values already written to a rollup, so each flush takes only the growth.</summary>
internal sealed class TrackedConnection(UsageKey key)
{
    private readonly Lock _gate = new();
    private long _messagesIn;
    private long _messagesOut;
    private long _bytesIn;
    private long _bytesOut;

    public UsageKey Key { get; } = key;

    /// <summary>What the connection counted since the last call; never negative, and never counted twice when a flush races the close.</summary>
    public UsageCounts TakeDelta(LiveConnection connection)
    {
        lock (_gate)
        {
            var messagesIn = connection.MessagesIn;
            var messagesOut = connection.MessagesOut;
            var bytesIn = connection.BytesIn;
            var bytesOut = connection.BytesOut;
            var delta = new UsageCounts(
                Math.Max(0, messagesIn - _messagesIn),
                Math.Max(0, messagesOut - _messagesOut),
                Math.Max(0, bytesIn - _bytesIn),
                Math.Max(0, bytesOut - _bytesOut));
            _messagesIn = Math.Max(_messagesIn, messagesIn);
            _messagesOut = Math.Max(_messagesOut, messagesOut);
            _bytesIn = Math.Max(_bytesIn, bytesIn);
            _bytesOut = Math.Max(_bytesOut, bytesOut);
            return delta;
        }
    }
}
