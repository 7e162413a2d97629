namespace WsGate.Connections;

/// <summary>A count of open connections with a cap read at each reservation (0 is no cap); lock-free.</summary>
public sealed class ConnectionSlots
{
    private int _active;

    public int Active => Volatile.Read(ref _active);

    /// <summary>Takes a slot unless <paramref name="max"/> are taken already.</summary>
    public bool TryReserve(int max)
    {
        while (true)
        {
            var current = Volatile.Read(ref _active);
            if (max > 0 && current >= max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _active, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release() => Interlocked.Decrement(ref _active);
}
