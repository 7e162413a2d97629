using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using WsGate.Connections;
using WsGate.Storage;

namespace WsGate.Cluster;

/// <summary>
/// Mirrors this node's live connections into the shared store's <c>connections</c> table, so any node can list the
/// cluster's connections and find the node that holds one. Changes are written in small batches every
/// <see cref="FlushInterval"/>, never on the handshake path; after a store outage, and every
/// <see cref="FullSyncEvery"/> flushes, the node rewrites its rows whole.
/// </summary>
public sealed class ClusterConnectionDirectory : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);
    private const int FullSyncEvery = 120;

    private readonly IClusterStore _store;
    private readonly ConnectionRegistry _registry;
    private readonly LocalNode _node;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<(LiveConnection Connection, bool Added)> _changes = new();
    private bool _fullSync = true;

    public ClusterConnectionDirectory(IClusterStore store, ConnectionRegistry registry, LocalNode node, TimeProvider time)
    {
        _store = store;
        _registry = registry;
        _node = node;
        _time = time;
        registry.Changed += (connection, added) => _changes.Enqueue((connection, added));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var flushes = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FlushInterval, _time, stoppingToken);
                await FlushAsync(++flushes % FullSyncEvery == 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException)
            {
                // The heartbeat reports the outage; the rows are rewritten whole once the store answers again.
                _fullSync = true;
            }
        }
    }

    private async Task FlushAsync(bool fullSync, CancellationToken cancellationToken)
    {
        if (_fullSync || fullSync)
        {
            _changes.Clear();
            var all = _registry.All.Select(Row).ToList();
            await _store.SyncConnectionsAsync(_node.Id, all, [], replaceAll: true, cancellationToken);
            _fullSync = false;
            return;
        }

        if (_changes.IsEmpty)
        {
            return;
        }

        // A connection that came and went within one flush is written not at all.
        var added = new Dictionary<string, LiveConnection>(StringComparer.Ordinal);
        var removed = new List<string>();
        while (_changes.TryDequeue(out var change))
        {
            if (change.Added)
            {
                added[change.Connection.Id] = change.Connection;
            }
            else if (!added.Remove(change.Connection.Id))
            {
                removed.Add(change.Connection.Id);
            }
        }

        try
        {
            await _store.SyncConnectionsAsync(_node.Id, added.Values.Select(Row).ToList(), removed, replaceAll: false, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            _fullSync = true;
            throw;
        }
    }

    private StoredConnection Row(LiveConnection c) =>
        new(c.Id, _node.Id, c.Listener.Id, c.Path, c.Kind, c.Remote?.ToString(), c.User, c.ConnectedAt);
}
