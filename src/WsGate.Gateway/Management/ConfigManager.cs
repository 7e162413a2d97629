using Microsoft.Extensions.Logging;
using WsGate.Configuration;
using WsGate.Configuration.Secrets;
using WsGate.Configuration.Validation;
using WsGate.Diagnostics;
using WsGate.Storage;
using WsGate.Threading;

namespace WsGate.Management;

/// <summary>
/// Owns the live configuration snapshot. A change is computed against the current snapshot, validated whole, written
/// to the store in one transaction, swapped in atomically and then applied to the engine; a change that fails
/// validation or persistence leaves both the store and the running server as they were. On a store shared by several
/// nodes, a change another node committed first makes the write fail its revision check; the change is then recomputed
/// on the newer snapshot rather than overwriting it.
/// </summary>
/// <param name="appliers">The parts of the engine that take a new configuration, in the order they take it.</param>
public sealed class ConfigManager(IConfigStore store, LiveConfig live, IReadOnlyList<IConfigApplier> appliers, ILogger<ConfigManager> logger)
{
    /// <summary>
    /// Saves tried per change before giving up with 409. Each failed save means another node committed first, so a change
    /// loses at most once per change the other nodes have queued; eight covers several admins changing several nodes at once.
    /// </summary>
    private const int MaxAttempts = 8;

    private readonly SemaphoreSlim _gate = new(1, 1);

    public GatewayConfig Current => live.Current;

    public long Revision => live.Revision;

    /// <summary>True once the stored configuration has been loaded and applied; <c>/readyz</c> reports it.</summary>
    public bool IsLoaded { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var stored = await store.LoadConfigAsync(cancellationToken);
            await ApplyAsync(stored, cancellationToken);
            IsLoaded = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current snapshot. Validation errors about the focused listener or certificate
    /// are reported relative to it, as an admin API request about that one object expects.
    /// </summary>
    public async Task<GatewayConfig> ChangeAsync(
        Func<GatewayConfig, GatewayConfig> change,
        string? focusListenerId = null,
        string? focusCertificate = null,
        string? focusApiId = null,
        CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var current = live.Snapshot;
                // What a read masked and a write sent back keeps the stored secret.
                var next = SecretRestorer.KeepStored(change(current.Config), current.Config);
                ConfigValidator.ThrowIfInvalid(next, focusListenerId, focusCertificate, focusApiId);
                long revision;
                try
                {
                    revision = await store.SaveConfigAsync(next, current.Revision, cancellationToken);
                }
                catch (ConcurrentChangeException) when (attempt < MaxAttempts)
                {
                    // Another node committed first: take its snapshot (it is the truth now), then apply this change on top.
                    await LoadNewerAsync(cancellationToken);
                    ClusterLog.ChangeRetried(logger, live.Revision);
                    continue;
                }

                await ApplyAsync(new StoredConfig(next, revision), cancellationToken);
                return next;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Reads the stored configuration and, when its revision differs from the live one, swaps it in and applies it
    /// (another node changed it). Returns whether anything changed.
    /// </summary>
    public async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await LoadNewerAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> LoadNewerAsync(CancellationToken cancellationToken)
    {
        var stored = await store.LoadConfigAsync(cancellationToken);
        if (stored.Revision == live.Revision && IsLoaded)
        {
            return false;
        }

        await ApplyAsync(stored, cancellationToken);
        IsLoaded = true;
        return true;
    }

    /// <summary>Swaps the live snapshot, then brings each part of the engine in line with it, in the appliers' order.</summary>
    private async Task ApplyAsync(StoredConfig stored, CancellationToken cancellationToken)
    {
        // A change may arrive on an I/O thread (after a PostgreSQL round trip); appliers rebind listeners and stop
        // exporters synchronously, which must not hold up the sockets that thread serves.
        await ThreadPoolHop.LeaveIoThread();
        live.Swap(stored);
        foreach (var applier in appliers)
        {
            await applier.ApplyAsync(stored.Config, cancellationToken);
        }
    }
}
