using System.Collections.Concurrent;
using WsGate.Configuration.Apis;
using WsGate.Connections;

namespace WsGate.Analytics;

/// <summary>
/// Per-minute usage not yet written to the store. Events (opened, closed, errors, throttled) count in the minute they
/// happen; traffic is taken from the live connections' own counters at each flush (the growth since the previous
/// flush, counted in the minute the flush interval started) and at close, so nothing is added per frame.
/// </summary>
public sealed class UsageRecorder(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<LiveConnection, TrackedConnection> _tracked = new();
    private Dictionary<(DateTimeOffset Minute, UsageKey Key), PendingRollup> _pending = [];
    private DateTimeOffset _windowStart = time.GetUtcNow();

    public int Tracked => _tracked.Count;

    public static DateTimeOffset MinuteOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }

    public static UsageKey KeyOf(LiveConnection connection) => new(
        connection.Api?.Api.Id ?? "",
        connection.Principal.ApplicationId ?? "",
        connection.Listener.Id,
        connection.Api?.Environment.ToName() ?? "");

    public void Opened(LiveConnection connection)
    {
        var key = KeyOf(connection);
        _tracked[connection] = new TrackedConnection(key);
        Add(key, new UsageCounts(ConnectionsOpened: 1));
    }

    /// <summary>Counts the close with its code and the traffic the connection had not yet reported.</summary>
    public void Closed(LiveConnection connection, int closeCode)
    {
        var tracked = _tracked.TryRemove(connection, out var t) ? t : null;
        var key = tracked?.Key ?? KeyOf(connection);
        var delta = tracked?.TakeDelta(connection) ?? UsageCounts.Zero;
        Add(key, delta with { ConnectionsClosed = 1 }, closeCode);
    }

    /// <summary>Stops tracking a connection without counting anything (it closed while analytics was off).</summary>
    public void Forget(LiveConnection connection) => _tracked.TryRemove(connection, out _);

    public void Error(UsageKey key) => Add(key, new UsageCounts(Errors: 1));

    public void Throttled(UsageKey key) => Add(key, new UsageCounts(Throttled: 1));

    /// <summary>Takes everything pending, including the live connections' traffic since the last flush, and starts a new interval.</summary>
    public IReadOnlyList<UsageRollup> Take()
    {
        var now = time.GetUtcNow();
        Dictionary<(DateTimeOffset, UsageKey), PendingRollup> taken;
        lock (_gate)
        {
            var minute = MinuteOf(_windowStart);
            foreach (var (connection, tracked) in _tracked)
            {
                var delta = tracked.TakeDelta(connection);
                if (!delta.IsZero)
                {
                    AddLocked(minute, tracked.Key, delta, null);
                }
            }

            taken = _pending;
            _pending = [];
            _windowStart = now;
        }

        return taken.Select(p => new UsageRollup(p.Key.Item1, p.Key.Item2, p.Value.Counts, p.Value.CloseCodes)).ToList();
    }

    /// <summary>Puts rollups back after a failed write, so the next flush writes them; they add to whatever came since.</summary>
    public void Restore(IEnumerable<UsageRollup> rollups)
    {
        lock (_gate)
        {
            foreach (var rollup in rollups)
            {
                AddLocked(rollup.Minute, rollup.Key, rollup.Counts, null);
                foreach (var (code, count) in rollup.CloseCodes)
                {
                    var pending = _pending[(rollup.Minute, rollup.Key)];
                    pending.CloseCodes[code] = pending.CloseCodes.GetValueOrDefault(code) + count;
                }
            }
        }
    }

    private void Add(UsageKey key, UsageCounts counts, int? closeCode = null)
    {
        var minute = MinuteOf(time.GetUtcNow());
        lock (_gate)
        {
            AddLocked(minute, key, counts, closeCode);
        }
    }

    private void AddLocked(DateTimeOffset minute, UsageKey key, UsageCounts counts, int? closeCode)
    {
        if (!_pending.TryGetValue((minute, key), out var pending))
        {
            _pending[(minute, key)] = pending = new PendingRollup();
        }

        pending.Counts = pending.Counts.Add(counts);
        if (closeCode is { } code)
        {
            pending.CloseCodes[code] = pending.CloseCodes.GetValueOrDefault(code) + 1;
        }
    }

    private sealed class PendingRollup
    {
        public UsageCounts Counts { get; set; } = UsageCounts.Zero;

        public Dictionary<int, long> CloseCodes { get; } = [];
    }
}
