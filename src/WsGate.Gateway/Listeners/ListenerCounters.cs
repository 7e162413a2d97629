namespace WsGate.Listeners;

/// <summary>Per-listener counters since the listener was created on this node.</summary>
public sealed class ListenerCounters
{
    private long _accepted;
    private long _rejectedOverCapacity;
    private long _deniedByAccess;
    private long _idleClosed;
    private long _tooBigClosed;
    private long _workersRefused;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long RejectedOverCapacity => Interlocked.Read(ref _rejectedOverCapacity);

    public long DeniedByAccess => Interlocked.Read(ref _deniedByAccess);

    public long IdleClosed => Interlocked.Read(ref _idleClosed);

    public long TooBigClosed => Interlocked.Read(ref _tooBigClosed);

    /// <summary>Handshakes refused because the listener's worker queue was full (a part of <see cref="RejectedOverCapacity"/>).</summary>
    public long WorkersRefused => Interlocked.Read(ref _workersRefused);

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    public void CountRejectedOverCapacity() => Interlocked.Increment(ref _rejectedOverCapacity);

    public void CountDeniedByAccess() => Interlocked.Increment(ref _deniedByAccess);

    public void CountIdleClosed() => Interlocked.Increment(ref _idleClosed);

    public void CountTooBigClosed() => Interlocked.Increment(ref _tooBigClosed);

    public void CountWorkersRefused() => Interlocked.Increment(ref _workersRefused);
}
