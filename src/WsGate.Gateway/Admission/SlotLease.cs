namespace WsGate.Admission;

/// <summary>A connection slot taken from a listener or an API, given back once.</summary>
internal sealed class SlotLease(Action release) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
