namespace WsGate.Analytics;

/// <summary>Messages and bytes both ways; added to from several threads as connections close.</summary>
internal sealed class TrafficTotals
{
    private long _messagesIn;
    private long _messagesOut;
    private long _bytesIn;
    private long _bytesOut;

    public long MessagesIn => Interlocked.Read(ref _messagesIn);

    public long MessagesOut => Interlocked.Read(ref _messagesOut);

    public long BytesIn => Interlocked.Read(ref _bytesIn);

    public long BytesOut => Interlocked.Read(ref _bytesOut);

    public void Add(long messagesIn, long messagesOut, long bytesIn, long bytesOut)
    {
        Interlocked.Add(ref _messagesIn, Math.Max(0, messagesIn));
        Interlocked.Add(ref _messagesOut, Math.Max(0, messagesOut));
        Interlocked.Add(ref _bytesIn, Math.Max(0, bytesIn));
        Interlocked.Add(ref _bytesOut, Math.Max(0, bytesOut));
    }

    public TrafficTotals Copy()
    {
        var copy = new TrafficTotals();
        copy.Add(MessagesIn, MessagesOut, BytesIn, BytesOut);
        return copy;
    }

    /// <summary>Raises each total to at least <paramref name="floor"/>'s (used on private copies only).</summary>
    public void AtLeast(TrafficTotals floor)
    {
        _messagesIn = Math.Max(_messagesIn, floor.MessagesIn);
        _messagesOut = Math.Max(_messagesOut, floor.MessagesOut);
        _bytesIn = Math.Max(_bytesIn, floor.BytesIn);
        _bytesOut = Math.Max(_bytesOut, floor.BytesOut);
    }
}
