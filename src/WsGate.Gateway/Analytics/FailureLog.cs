namespace WsGate.Analytics;

/// <summary>
/// The most recent failures in a bounded ring. Each flush writes the ones not yet written to the store; when more than
/// <see cref="Capacity"/> happen between two flushes the oldest are overwritten (and counted as dropped) rather than
/// letting a flood of refusals grow memory without bound. The rollups' error counters still count every one.
/// </summary>
public sealed class FailureLog
{
    public const int Capacity = 1000;

    private readonly Lock _gate = new();
    private readonly FailureRecord?[] _ring = new FailureRecord?[Capacity];
    private long _next;
    private long _unwritten;
    private long _dropped;

    public void Add(FailureRecord record)
    {
        lock (_gate)
        {
            if (_next - _unwritten >= Capacity)
            {
                _unwritten++;
                _dropped++;
            }

            _ring[_next % Capacity] = record;
            _next++;
        }
    }

    /// <summary>Failures not yet written, oldest first, and how many were dropped since the last call.</summary>
    public (IReadOnlyList<FailureRecord> Records, long Dropped) TakeUnwritten()
    {
        lock (_gate)
        {
            var records = Range(_unwritten, _next);
            var dropped = _dropped;
            _unwritten = _next;
            _dropped = 0;
            return (records, dropped);
        }
    }

    /// <summary>Marks failures as unwritten again after the store refused them (those still in the ring).</summary>
    public void Restore(int count)
    {
        lock (_gate)
        {
            _unwritten = Math.Max(Math.Max(0, _next - Capacity), _unwritten - count);
        }
    }

    /// <summary>Failures not yet in the store, newest first: queries add them to the stored ones.</summary>
    public IReadOnlyList<FailureRecord> Unwritten()
    {
        lock (_gate)
        {
            var records = Range(_unwritten, _next).ToList();
            records.Reverse();
            return records;
        }
    }

    private List<FailureRecord> Range(long from, long to)
    {
        var list = new List<FailureRecord>((int)(to - from));
        for (var i = from; i < to; i++)
        {
            list.Add(_ring[i % Capacity]!);
        }

        return list;
    }
}
