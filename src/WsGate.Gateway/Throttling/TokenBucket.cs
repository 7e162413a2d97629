namespace WsGate.Throttling;

/// <summary>
/// A token bucket refilled continuously at <see cref="Rate"/> tokens per second up to <see cref="Capacity"/>, read from
/// an injected <see cref="TimeProvider"/> so tests move time instead of sleeping. Thread-safe.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private double _tokens;
    private long _updated;

    public TokenBucket(double rate, double capacity, TimeProvider time)
    {
        if (rate <= 0 || capacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), "rate and capacity must be positive");
        }

        Rate = rate;
        Capacity = capacity;
        _time = time;
        _tokens = capacity;
        _updated = time.GetTimestamp();
    }

    public double Rate { get; }

    public double Capacity { get; }

    /// <summary>Takes <paramref name="count"/> tokens if there are enough; otherwise says how long until there will be.</summary>
    public bool TryTake(double count, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            Refill();
            if (_tokens >= count)
            {
                _tokens -= count;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((Math.Min(count, Capacity) - _tokens) / Rate);
            return false;
        }
    }

    /// <summary>Gives back tokens taken for something that was not admitted after all (another limit refused it).</summary>
    public void Refund(double count)
    {
        lock (_gate)
        {
            _tokens = Math.Min(Capacity, _tokens + count);
        }
    }

    /// <summary>True when the bucket is full: it then behaves exactly as a new one, so it can be forgotten.</summary>
    public bool IsFull
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens >= Capacity;
            }
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_updated, now).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(Capacity, _tokens + (elapsed * Rate));
            _updated = now;
        }
    }
}
