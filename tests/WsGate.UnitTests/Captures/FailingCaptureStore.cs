using WsGate.Storage;

namespace WsGate.UnitTests.Captures;

/// <summary>A real capture store whose appends fail while they hold anything of the capture <see cref="FailFor"/> names.</summary>
internal sealed class FailingCaptureStore(ICaptureStore inner) : ICaptureStore
{
    public string? FailFor { get; set; }

    public Task CreateAsync(StoredCapture capture, CancellationToken cancellationToken = default) => inner.CreateAsync(capture, cancellationToken);

    public Task AppendAsync(IReadOnlyList<StoredCaptureRecord> records, IReadOnlyList<StoredCapture> progress, CancellationToken cancellationToken = default) =>
        records.Any(r => r.CaptureId == FailFor) || progress.Any(p => p.Id == FailFor)
            ? throw new InvalidOperationException("disk full")
            : inner.AppendAsync(records, progress, cancellationToken);

    public Task<StoredCapture?> FindAsync(string id, CancellationToken cancellationToken = default) => inner.FindAsync(id, cancellationToken);

    public Task<IReadOnlyList<StoredCapture>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public Task<IReadOnlyList<StoredCaptureRecord>> ReadAsync(string id, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(id, afterSequence, limit, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);

    public Task<int> StopRunningAsync(string nodeId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        inner.StopRunningAsync(nodeId, reason, at, cancellationToken);
}
