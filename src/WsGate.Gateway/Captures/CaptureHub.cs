using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Analytics;
using WsGate.Cluster;
using WsGate.Configuration.Captures;
using WsGate.Diagnostics;
using WsGate.Forwarding;
using WsGate.Storage;

namespace WsGate.Captures;

/// <summary>
/// The node's message captures: starts and stops them, publishes the <see cref="CaptureIndex"/> taps look at, and writes
/// their records to the store off the relay's path. Taps hand records to a bounded queue and never wait; a background
/// writer drains it in batches. When the writer falls behind (the queue or the bytes it holds are full) the capture that
/// could not queue stops with the reason "writer behind": the relay is never slowed and memory never grows past the bound.
/// A capture belongs to the node that runs it (its row names the node); this node keeps a run until its final state is
/// written, then only the store knows it.
/// </summary>
public sealed class CaptureHub : BackgroundService
{
    public const int QueueCapacity = 4096;

    /// <summary>Bytes of payload the queue holds at most, whatever the number of records.</summary>
    public const long MaxPendingBytes = 16L * 1024 * 1024;

    private const int BatchSize = 256;

    private readonly ICaptureStore _store;
    private readonly string _nodeId;
    private readonly TimeProvider _time;
    private readonly ILogger<CaptureHub> _logger;
    private readonly Channel<CaptureWrite> _queue;
    private readonly ConcurrentQueue<CaptureRun> _changed = new();
    private readonly ConcurrentDictionary<string, CaptureRun> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ITimer> _deadlines = new(StringComparer.Ordinal);
    private readonly Lock _indexGate = new();

    // Set once this node's captures left running by its last run are marked stopped: a capture started before that would
    // be marked with them.
    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile CaptureIndex _index = CaptureIndex.Empty;
    private int _starting;
    private long _pendingBytes;
    private long _written;
    private long _dropped;

    public CaptureHub(ICaptureStore store, LocalNode node, GatewayMetrics metrics, TimeProvider time, ILogger<CaptureHub> logger)
    {
        _store = store;
        _nodeId = node.Id;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<CaptureWrite>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        metrics.ObserveCaptures(this);
    }

    /// <summary>The node whose captures these are (the <c>node_id</c> of their rows).</summary>
    public string NodeId => _nodeId;

    /// <summary>The running captures; <see cref="CaptureIndex.Empty"/> while none runs.</summary>
    public CaptureIndex Index => _index;

    /// <summary>Records written to the store since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Records that could not be queued (each stopped its capture with "writer behind").</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>A capture this node runs, or stopped and has not yet written the final state of.</summary>
    public CaptureRun? Find(string id) => _runs.GetValueOrDefault(id);

    /// <summary>Starts a validated capture; null with the reason when too many run already.</summary>
    public async Task<(CaptureRun? Run, string? Refusal)> StartAsync(CaptureRequest request, string requestJson, string? createdBy, RouteSet? routes, CancellationToken cancellationToken)
    {
        await _recovered.Task.WaitAsync(cancellationToken);

        // A place is reserved under the lock: starts at once cannot together pass the limit.
        lock (_indexGate)
        {
            if (_index.Runs.Count + _starting >= CaptureLimits.MaxRunning)
            {
                return (null, $"{CaptureLimits.MaxRunning} captures are running already; stop one first");
            }

            _starting++;
        }

        var published = false;
        try
        {
            var id = "cap_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var run = new CaptureRun(id, request, requestJson, _time.GetUtcNow(), createdBy, _nodeId, routes, new Random());

            // Stored before it is published: a capture the store does not know never captures anything.
            await _store.CreateAsync(run.Snapshot(), cancellationToken);
            _runs[id] = run;

            // The deadline is set before the run is published, so a published run always has one; a run its deadline
            // stopped first was retired by that stop and is not published.
            _deadlines[id] = _time.CreateTimer(_ => Stop(id, "duration reached"), null, TimeSpan.FromMilliseconds(request.DurationMs), Timeout.InfiniteTimeSpan);
            lock (_indexGate)
            {
                _starting--;
                published = true;
                if (!run.IsStopped)
                {
                    _index = new CaptureIndex([.. _index.Runs, run]);
                }
            }

            CaptureLog.Started(_logger, id, request.Target.Api, createdBy ?? "-");
            return (run, null);
        }
        finally
        {
            if (!published)
            {
                lock (_indexGate)
                {
                    _starting--;
                }
            }
        }
    }

    /// <summary>Stops a capture; false when this node does not run it or it had stopped already.</summary>
    public bool Stop(string id, string reason)
    {
        if (!_runs.TryGetValue(id, out var run) || !run.Stop(reason, _time.GetUtcNow()))
        {
            return false;
        }

        Retire(run);
        return true;
    }

    /// <summary>Stops a capture of this node and waits until its final state is written; false when this node does not hold it.</summary>
    public async Task<bool> StopAsync(string id, string reason, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(id, out var run))
        {
            return false;
        }

        Stop(id, reason);
        await run.Settled.WaitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Deletes a capture that is not running with its records; false when the store has none that is not running. A capture
    /// this node stopped is deleted once its final state is written; its records still queued are then not written.
    /// </summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (_runs.TryGetValue(id, out var run))
        {
            if (!run.IsStopped)
            {
                return false;
            }

            await run.Settled.WaitAsync(cancellationToken);
        }

        if (!await _store.DeleteAsync(id, cancellationToken))
        {
            return false;
        }

        if (run is not null)
        {
            run.Deleted = true;
            _runs.TryRemove(KeyValuePair.Create(id, run));
        }

        return true;
    }

    /// <summary>A whole message (or the size of one too large to gather) seen by a tap of <paramref name="subject"/>.</summary>
    public void Message(CaptureRun[] runs, in CaptureSubject subject, bool inbound, bool isText, ReadOnlySpan<byte> payload, long size, bool whole)
    {
        var at = _time.GetUtcNow();
        foreach (var run in runs)
        {
            if (run.Message(subject, inbound, isText, payload, size, whole, at) is { } record)
            {
                Queue(run, record);
            }

            if (run.IsStopped)
            {
                Retire(run);
            }
        }
    }

    /// <summary>
    /// The handshake of a connection being accepted on <paramref name="apiId"/>, copied for the captures that want it; null
    /// (after one reference compare) while no capture runs. <paramref name="apiKeyHeader"/>: the header the connection's
    /// authentication takes API keys in, never stored.
    /// </summary>
    public CaptureHandshake? Handshake(string? apiId, string? apiKeyHeader, HttpRequest request)
    {
        var index = _index;
        if (ReferenceEquals(index, CaptureIndex.Empty) || apiId is null)
        {
            return null;
        }

        var runs = index.Runs.Where(r => r.Request.Target.ConnectionId is null && string.Equals(r.Request.Target.Api, apiId, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (runs.Length == 0)
        {
            return null;
        }

        var headers = request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())).ToList();
        return new CaptureHandshake(runs, request.Path.Value ?? "/", headers, apiKeyHeader);
    }

    /// <summary>The connection of a held handshake has its id: the handshake is recorded.</summary>
    public void Opened(CaptureHandshake handshake, string connectionId)
    {
        var at = _time.GetUtcNow();
        foreach (var run in handshake.Runs)
        {
            if (run.Handshake(connectionId, handshake.Path, handshake.Headers, handshake.ApiKeyHeader, at) is { } record)
            {
                Queue(run, record);
            }

            if (run.IsStopped)
            {
                Retire(run);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Only this node's: another node's running captures are its own to stop.
            var stale = await _store.StopRunningAsync(_nodeId, "server restarted", _time.GetUtcNow(), stoppingToken);
            if (stale > 0)
            {
                CaptureLog.StaleStopped(_logger, stale);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            CaptureLog.WriteFailed(_logger, 0, 0, ex);
        }
        finally
        {
            _recovered.TrySetResult();
        }

        var records = new List<StoredCaptureRecord>(BatchSize);
        var touched = new HashSet<CaptureRun>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteBatchAsync(records, touched, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // The server stops: every capture ends, and what was captured is written.
        foreach (var run in _index.Runs)
        {
            Stop(run.Id, "server stopped");
        }

        while (_queue.Reader.Count > 0 || !_changed.IsEmpty)
        {
            await WriteBatchAsync(records, touched, CancellationToken.None);
        }
    }

    public override void Dispose()
    {
        foreach (var timer in _deadlines.Values)
        {
            timer.Dispose();
        }

        base.Dispose();
    }

    private void Queue(CaptureRun run, StoredCaptureRecord record)
    {
        var weight = (record.Payload?.Length ?? 0) * 2L + 128;
        if (Interlocked.Add(ref _pendingBytes, weight) > MaxPendingBytes || !_queue.Writer.TryWrite(new CaptureWrite(run, record, weight)))
        {
            Interlocked.Add(ref _pendingBytes, -weight);
            Interlocked.Increment(ref _dropped);
            run.Retract(record);
            if (run.Stop("writer behind", _time.GetUtcNow()))
            {
                CaptureLog.WriterBehind(_logger, run.Id);
            }
        }
    }

    /// <summary>Takes a stopped run out of the index (once) and has its final state written.</summary>
    private void Retire(CaptureRun run)
    {
        lock (_indexGate)
        {
            if (run.Retired)
            {
                return;
            }

            // A run its deadline stopped before it was published is not in the index, but is retired all the same.
            run.Retired = true;
            if (_index.Runs.Contains(run))
            {
                var rest = _index.Runs.Where(r => !ReferenceEquals(r, run)).ToArray();
                _index = rest.Length == 0 ? CaptureIndex.Empty : new CaptureIndex(rest);
            }
        }

        if (_deadlines.TryRemove(run.Id, out var timer))
        {
            timer.Dispose();
        }

        var final = run.Snapshot();
        CaptureLog.Stopped(_logger, run.Id, final.StopReason ?? "-", final.Messages, final.Bytes);
        if (!_queue.Writer.TryWrite(new CaptureWrite(run, null, 0)))
        {
            // The queue is full: the writer is busy and looks at changed runs after each batch.
            _changed.Enqueue(run);
        }
    }

    private async Task WriteBatchAsync(List<StoredCaptureRecord> records, HashSet<CaptureRun> touched, CancellationToken cancellationToken)
    {
        records.Clear();
        touched.Clear();
        long weight = 0;
        while (records.Count < BatchSize && _queue.Reader.TryRead(out var write))
        {
            weight += write.Weight;
            touched.Add(write.Run);
            if (write.Record is { } record && !write.Run.Deleted)
            {
                records.Add(record);
            }
        }

        while (_changed.TryDequeue(out var run))
        {
            touched.Add(run);
        }

        var progress = touched.Where(r => !r.Deleted).Select(r => (Run: r, State: r.Snapshot())).ToList();
        try
        {
            await _store.AppendAsync(records, [.. progress.Select(p => p.State)], cancellationToken);
            Interlocked.Add(ref _written, records.Count);
            foreach (var (run, state) in progress)
            {
                Persisted(run, state);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Each capture on its own: one that cannot be written (deleted meanwhile, say) stops alone, not its batch.
            await WriteEachAsync(records, progress, cancellationToken);
        }
        finally
        {
            Interlocked.Add(ref _pendingBytes, -weight);
        }
    }

    private async Task WriteEachAsync(List<StoredCaptureRecord> records, List<(CaptureRun Run, StoredCapture State)> progress, CancellationToken cancellationToken)
    {
        foreach (var (run, state) in progress)
        {
            var own = records.Where(r => r.CaptureId == run.Id).ToList();
            try
            {
                await _store.AppendAsync(own, [state], cancellationToken);
                Interlocked.Add(ref _written, own.Count);
                Persisted(run, state);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                CaptureLog.WriteFailed(_logger, own.Count, 1, ex);
                Stop(run.Id, "store write failed: " + ex.Message);

                // Its final state cannot be written: whoever waits for it is told it is settled; the run stays here, so
                // this node still shows it stopped.
                if (state.State == StoredCapture.Stopped)
                {
                    run.Settle();
                }
            }
        }
    }

    /// <summary>A run's state is in the store: once that is its final state, the node lets the store alone know it.</summary>
    private void Persisted(CaptureRun run, StoredCapture state)
    {
        if (state.State == StoredCapture.Stopped)
        {
            _runs.TryRemove(KeyValuePair.Create(run.Id, run));
            run.Settle();
        }
    }
}
