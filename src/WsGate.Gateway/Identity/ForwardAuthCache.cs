using System.Collections.Concurrent;

namespace WsGate.Identity;

/// <summary>
/// The forward endpoint's recent answers by credential hash, each for its lifetime, never more than the configured
/// number: when full, expired answers go first, then those closest to expiring.
/// </summary>
public sealed class ForwardAuthCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (AuthResult Result, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _pruning = new();

    public int Count => _entries.Count;

    public bool TryGet(string key, out AuthResult result)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Until > time.GetUtcNow())
        {
            result = entry.Result;
            return true;
        }

        result = default;
        return false;
    }

    public void Add(string key, AuthResult result, TimeSpan lifetime, int capacity)
    {
        if (lifetime <= TimeSpan.Zero || capacity <= 0)
        {
            return;
        }

        if (_entries.Count >= capacity && !_entries.ContainsKey(key))
        {
            Prune(capacity - 1);
        }

        _entries[key] = (result, time.GetUtcNow() + lifetime);
    }

    private void Prune(int keep)
    {
        lock (_pruning)
        {
            var now = time.GetUtcNow();
            foreach (var (key, entry) in _entries)
            {
                if (entry.Until <= now)
                {
                    _entries.TryRemove(key, out _);
                }
            }

            var excess = _entries.Count - keep;
            if (excess > 0)
            {
                foreach (var key in _entries.OrderBy(e => e.Value.Until).Take(excess).Select(e => e.Key).ToList())
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
    }
}
