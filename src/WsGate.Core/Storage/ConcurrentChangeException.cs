namespace WsGate.Storage;

/// <summary>The stored configuration changed since it was read; the caller reloads and retries.</summary>
public sealed class ConcurrentChangeException(long expected, long actual)
    : Exception($"the configuration changed concurrently (expected revision {expected}, found {actual})")
{
    public long Expected { get; } = expected;

    public long Actual { get; } = actual;
}
