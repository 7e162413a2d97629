using System.Collections.Concurrent;
using WsGate.Configuration.Identity;

namespace WsGate.Identity;

/// <summary>
/// Failed attempts per user and per client IP: each failure within the window slows the next answer a little, and
/// reaching the limit locks the user or address out for a while. Time comes from the injected clock.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long <paramref name="keys"/> stay locked out, or null when none is.</summary>
    public TimeSpan? LockedFor(LockoutConfig config, params string?[] keys)
    {
        if (config.MaxFailures == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        TimeSpan? longest = null;
        foreach (var key in keys)
        {
            if (key is not null && _entries.TryGetValue(key, out var entry) && entry.LockedUntil is { } until && until > now)
            {
                var left = until - now;
                longest = longest is null || left > longest ? left : longest;
            }
        }

        return longest;
    }

    /// <summary>Records a failure for each key; returns the delay to add to this answer.</summary>
    public TimeSpan Fail(LockoutConfig config, params string?[] keys)
    {
        var now = time.GetUtcNow();
        var failures = 0;
        foreach (var key in keys)
        {
            if (key is null)
            {
                continue;
            }

            var entry = _entries.AddOrUpdate(
                key,
                _ => new Entry(1, now, null),
                (_, e) => now - e.WindowStart > TimeSpan.FromSeconds(config.WindowSeconds) ? new Entry(1, now, null) : e with { Failures = e.Failures + 1 });
            if (config.MaxFailures > 0 && entry.Failures >= config.MaxFailures)
            {
                _entries[key] = entry with { LockedUntil = now + TimeSpan.FromSeconds(config.LockoutSeconds) };
            }

            failures = Math.Max(failures, entry.Failures);
        }

        return TimeSpan.FromMilliseconds(Math.Min(2000, config.FailureDelayMs * failures));
    }

    public void Succeed(params string?[] keys)
    {
        foreach (var key in keys)
        {
            if (key is not null)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(int Failures, DateTimeOffset WindowStart, DateTimeOffset? LockedUntil);
}
