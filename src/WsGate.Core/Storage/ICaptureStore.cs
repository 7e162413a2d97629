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

    /// <summary>Deletes a capture that is not running with its records; false when there is none, or it is still running.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the captures still running on node <paramref name="nodeId"/> as stopped with <paramref name="reason"/> (the node
    /// restarted); returns how many. A store no other node shares (SQLite) has one node: every running capture is its.
    /// </summary>
    Task<int> StopRunningAsync(string nodeId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default);
}
