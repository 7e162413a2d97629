namespace WsGate.Storage;

/// <summary>Message captures and their records; records are written in batches by the capture writer, never on the relay's path.</summary>
public interface ICaptureStore
{
    Task CreateAsync(StoredCapture capture, CancellationToken cancellationToken = default);

    /// <summary>Appends records and sets each named capture's counters, in one transaction.</summary>
    Task AppendAsync(IReadOnlyList<StoredCaptureRecord> records, IReadOnlyList<StoredCapture> progress, CancellationToken cancellationToken = default);

    Task<StoredCapture?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Captures, newest first.</summary>
    Task<IReadOnlyList<StoredCapture>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> records after <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<StoredCaptureRecord>> ReadAsync(string id, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes a capture with its records; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Marks captures still running as stopped with <paramref name="reason"/> (a node that ran them restarted); returns how many.</summary>
    Task<int> StopRunningAsync(string reason, DateTimeOffset at, CancellationToken cancellationToken = default);
}
