namespace WsGate.Throttling;

/// <summary>
/// A token bucket refilled continuously at <see cref="Rate"/> tokens per second up to <see cref="Capacity"/>, read from
/// an injected <see cref="TimeProvider"/> so tests move time instead of sleeping. Thread-safe.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly double _fullRate;
    private readonly double _fullCapacity;
    private readonly double _minCapacity;
    private double _tokens;
    private long _updated;

    /// <param name="minCapacity">
    /// The least capacity a share (<see cref="SetShare"/>) may leave: what one take needs (a message, a frame piece), so a
    /// small share still admits something. Capped at <paramref name="capacity"/>.
    /// </param>
    public TokenBucket(double rate, double capacity, TimeProvider time, double minCapacity = 1)
    {
        if (rate <= 0 || capacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), "rate and capacity must be positive");
        }

        Rate = _fullRate = rate;
        Capacity = _fullCapacity = capacity;
        _minCapacity = Math.Min(Math.Max(minCapacity, 0), capacity);
        _time = time;
        _tokens = capacity;
        _updated = time.GetTimestamp();
    }

    /// <summary>Tokens per second now: the configured rate times this node's share.</summary>
    public double Rate { get; private set; }

    /// <summary>Most tokens now: the configured capacity times this node's share, at least the minimum capacity.</summary>
    public double Capacity { get; private set; }

    /// <summary>
    /// Gives this bucket <paramref name="share"/> (0 to 1) of the configured rate and capacity: a limit shared by several
    /// nodes is split between the nodes that draw on it (docs/cluster.md). Tokens refill at the old rate up to now and
    /// are cut to the new capacity, never raised: a bigger share only refills faster.
    /// </summary>
    public void SetShare(double share)
    {
        share = Math.Clamp(share, 0, 1);
        lock (_gate)
        {
            Refill();
            Rate = Math.Max(_fullRate * share, double.Epsilon);
            Capacity = Math.Max(_fullCapacity * share, _minCapacity);
            _tokens = Math.Min(_tokens, Capacity);
        }
    }

    /// <summary>Takes <paramref name="count"/> tokens if there are enough; otherwise says how long until there will be.</summary>
    public bool TryTake(double count, out TimeSpan retryAfter) => TryTake(count, _time.GetTimestamp(), out retryAfter);

    /// <summary>As <see cref="TryTake(double, out TimeSpan)"/> at <paramref name="now"/>, a timestamp of this bucket's clock.</summary>
    public bool TryTake(double count, long now, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            Refill(now);

            // A take larger than the bucket can hold (the frames relay charges a frame's whole payload at its header, and a
            // cluster share shrinks the bucket) passes once the bucket is full, as retryAfter below promises, and leaves the
            // rest owed: the tokens go negative and are repaid at the rate before anything else passes. Without this such a
            // frame could never pass: dropped every time, or waited on forever under backpressure.
            if (_tokens >= count || (count > Capacity && _tokens >= Capacity))
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

    private void Refill() => Refill(_time.GetTimestamp());

    private void Refill(long now)
    {
        var elapsed = _time.GetElapsedTime(_updated, now).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(Capacity, _tokens + (elapsed * Rate));
            _updated = now;
        }
    }
}
