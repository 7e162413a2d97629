using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Storage.Sql;

namespace WsGate.Storage.Postgres;

/// <summary>
/// The shared store for several WsGate nodes: one PostgreSQL database holds the configuration, identities and audit log
/// (the same schema as the SQLite store), the configuration change log with its NOTIFY feed, and cluster membership.
/// </summary>
public sealed class PostgresStore : IWsGateStore, IClusterStore
{

    /// <summary>PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more.</summary>
    private const int MaxNotifyBytes = 7999;

    /// <summary>A notification that names a stored bus message rather than carrying it.</summary>
    private const string StoredPrefix = "@stored:";

    /// <summary>Stored bus messages outlive every listener that could still fetch them.</summary>
    private static readonly TimeSpan StoredMessageLifetime = TimeSpan.FromMinutes(5);

    /// <summary>How long the change feed waits for a message before it checks that its connection still works.</summary>
    private static readonly TimeSpan FeedCheckInterval = TimeSpan.FromSeconds(5);

    private readonly PostgresDatabase _database;
    private readonly DataKeyRing? _keys;

    /// <param name="connection">A URL or Npgsql connection string (see <see cref="PostgresConnectionString"/>).</param>
    /// <param name="nodeId">This node's id, recorded with each configuration change it writes.</param>
    /// <param name="keys">The data keys for the configuration's secrets, the same on every node; by default <see cref="DataKeyRing.Variable"/>.</param>
    public PostgresStore(string connection, string nodeId, DataKeyRing? keys = null)
        : this(PostgresConnectionString.Parse(connection), nodeId, keys)
    {
    }

    public PostgresStore(NpgsqlConnectionStringBuilder connection, string nodeId, DataKeyRing? keys = null)
    {
        NodeId = nodeId;
        _keys = keys ?? DataKeyRing.Resolve(keyFile: null);
        _database = new PostgresDatabase(connection);
        Identity = new IdentityStore(_database, SqlDialect.Postgres);
        Audit = new AuditStore(_database, SqlDialect.Postgres);
        Usage = new UsageStore(_database, SqlDialect.Postgres);
        Captures = new CaptureStore(_database, SqlDialect.Postgres, shared: true);
    }

    public string NodeId { get; }

    public IIdentityStore Identity { get; }

    public IAuditStore Audit { get; }

    public IUsageStore Usage { get; }

    public ICaptureStore Captures { get; }

    /// <summary>postgres://host:port/database, never with the password.</summary>
    public string Describe() => "postgres://" + _database.Describe();

    // Nodes share the store, so they must share the key: it comes from the environment, never a file one node made.
    public string DescribeSecrets() => _keys is { } keys
        ? $"secrets encrypted with data key {keys.CurrentKeyId} (${DataKeyRing.Variable})"
        : $"WARNING: secrets stored unencrypted; set ${DataKeyRing.Variable} (the same key on every node) to encrypt them";

    private JsonSerializerOptions SecretOptions => _keys?.Options ?? DataKeyRing.NoKeyOptions;

    public async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await PostgresMigrator.MigrateAsync(connection, cancellationToken);
        }
        catch (PostgresException ex)
        {
            throw new StoreUnavailableException($"PostgreSQL at {_database.Describe()} cannot be used: {ex.MessageText} ({ex.SqlState})", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"PostgreSQL at {_database.Describe()} is unreachable: {ex.Message}", ex);
        }
    }

    public async Task<StoredConfig> LoadConfigAsync(CancellationToken cancellationToken = default)
    {
        // One repeatable-read transaction: the revision and the objects come from the same snapshot.
        var (revision, rows) = await _database.ReadAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
                var revision = await ReadRevisionAsync(connection, transaction, forUpdate: false, cancellationToken);
                var rows = await connection.QueryAsync<(string Kind, string Id, string Doc)>(new CommandDefinition(
                    "SELECT kind, id, doc FROM config_objects ORDER BY kind, position", transaction: transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                return (revision, rows);
            },
            cancellationToken);
        return new StoredConfig(ConfigDocuments.FromDocuments(rows, SecretOptions), revision);
    }

    public async Task<long> SaveConfigAsync(GatewayConfig next, long expectedRevision, CancellationToken cancellationToken = default)
    {
        return await _database.WriteAsync(async (connection, transaction) =>
        {
            // FOR UPDATE: a second node writing at the same time waits here, then sees the new revision and is refused.
            var current = await ReadRevisionAsync(connection, transaction, forUpdate: true, cancellationToken);
            if (current != expectedRevision)
            {
                throw new ConcurrentChangeException(expectedRevision, current);
            }

            var now = DateTimeOffset.UtcNow;
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM config_objects", transaction: transaction, cancellationToken: cancellationToken));
            var rows = ConfigDocuments.ToDocuments(next, SecretOptions).Select(d => new { kind = d.Kind, id = d.Id, position = d.Position, doc = d.Doc, at = now });
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO config_objects (kind, id, position, doc, updated_at) VALUES (@kind, @id, @position, @doc, @at)",
                rows,
                transaction,
                cancellationToken: cancellationToken));
            var revision = current + 1;
            var text = revision.ToString(CultureInfo.InvariantCulture);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE meta SET value = @text WHERE key = 'config.revision';
                INSERT INTO config_changes (revision, node_id, changed_at) VALUES (@revision, @node, @now);
                SELECT pg_notify(@channel, @text);
                """,
                new { text, revision, node = NodeId, now, channel = IClusterStore.ConfigChannel },
                transaction,
                cancellationToken: cancellationToken));
            return revision;
        }, cancellationToken);
    }

    public Task<string?> GetMetaAsync(string key, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            c => c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT value FROM meta WHERE key = @key", new { key }, cancellationToken: cancellationToken)),
            cancellationToken);

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ListMetaAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var rows = await _database.ReadAsync(
            c => c.QueryAsync<(string Key, string Value)>(new CommandDefinition(
                "SELECT key, value FROM meta WHERE substr(key, 1, length(@prefix)) = @prefix ORDER BY key", new { prefix }, cancellationToken: cancellationToken)),
            cancellationToken);
        return rows.Select(r => KeyValuePair.Create(r.Key, r.Value)).ToList();
    }

    public Task SetMetaAsync(string key, string value, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                new { key, value },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public Task HeartbeatAsync(StoredNode node, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO nodes (id, admin_address, version, state, connections, started_at, last_seen_at)
                VALUES (@Id, @AdminAddress, @Version, @State, @Connections, @StartedAt, @LastSeenAt)
                ON CONFLICT (id) DO UPDATE SET admin_address = excluded.admin_address, version = excluded.version, state = excluded.state,
                    connections = excluded.connections, started_at = excluded.started_at, last_seen_at = excluded.last_seen_at
                """,
                new
                {
                    node.Id,
                    node.AdminAddress,
                    node.Version,
                    node.State,
                    node.Connections,
                    StartedAt = node.StartedAt.ToUniversalTime(),
                    LastSeenAt = node.LastSeenAt.ToUniversalTime(),
                },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public Task<IReadOnlyList<StoredNode>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<StoredNode>>(
            async c => (await c.QueryAsync<(string Id, string? AdminAddress, string Version, string State, int Connections, DateTime StartedAt, DateTime LastSeenAt)>(
                    new CommandDefinition(
                        "SELECT id, admin_address, version, state, connections, started_at, last_seen_at FROM nodes ORDER BY id",
                        cancellationToken: cancellationToken)))
                .Select(r => new StoredNode
                {
                    Id = r.Id,
                    AdminAddress = r.AdminAddress,
                    Version = r.Version,
                    State = r.State,
                    Connections = r.Connections,
                    StartedAt = PgTime.Read(r.StartedAt),
                    LastSeenAt = PgTime.Read(r.LastSeenAt),
                })
                .ToList(),
            cancellationToken);

    public Task<IReadOnlyList<string>> SweepNodesAsync(DateTimeOffset staleBefore, DateTimeOffset forgetBefore, CancellationToken cancellationToken = default) =>
        _database.WriteAsync<IReadOnlyList<string>>(
            async (c, t) =>
            {
                var gone = (await c.QueryAsync<string>(new CommandDefinition(
                    "UPDATE nodes SET state = @gone, connections = 0 WHERE state IN (@alive, @draining) AND last_seen_at < @staleBefore RETURNING id",
                    new { gone = NodeStates.Gone, alive = NodeStates.Alive, draining = NodeStates.Draining, staleBefore = staleBefore.ToUniversalTime() },
                    t,
                    cancellationToken: cancellationToken))).ToList();
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    DELETE FROM nodes WHERE state IN (@gone, @left) AND last_seen_at < @forgetBefore;
                    DELETE FROM connections WHERE node_id IN (SELECT id FROM nodes WHERE state IN (@gone, @left));
                    UPDATE captures SET state = @stopped, stop_reason = 'node gone', stopped_at = now()
                        WHERE state = @running AND node_id IN (SELECT id FROM nodes WHERE state IN (@gone, @left));
                    DELETE FROM cluster_usage WHERE node_id NOT IN (SELECT id FROM nodes WHERE state IN (@alive, @draining));
                    DELETE FROM bus_messages WHERE created_at < now() - @lifetime;
                    """,
                    new { gone = NodeStates.Gone, left = NodeStates.Left, alive = NodeStates.Alive, draining = NodeStates.Draining, stopped = StoredCapture.Stopped, running = StoredCapture.Running, forgetBefore = forgetBefore.ToUniversalTime(), lifetime = StoredMessageLifetime },
                    t,
                    cancellationToken: cancellationToken));
                return gone;
            },
            cancellationToken);

    public async Task ListenAsync(
        IReadOnlyList<string> channels,
        Func<CancellationToken, Task> onListening,
        Func<string, string, CancellationToken, Task> onMessage,
        CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var received = new Queue<(string Channel, string Payload)>();
        connection.Notification += (_, e) => received.Enqueue((e.Channel, e.Payload));
        try
        {
            foreach (var channel in channels)
            {
                await connection.ExecuteAsync(new CommandDefinition("LISTEN " + QuoteIdentifier(channel), cancellationToken: cancellationToken));
            }

            await onListening(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                // Messages are raised on this connection only while it waits; the queue is read on this same flow.
                if (!await connection.WaitAsync(FeedCheckInterval, cancellationToken))
                {
                    // Nothing for a while: a round trip proves the connection (and so the feed) is still there.
                    await connection.ExecuteAsync(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
                }

                while (received.TryDequeue(out var message))
                {
                    var payload = message.Payload.StartsWith(StoredPrefix, StringComparison.Ordinal)
                        ? await ReadStoredAsync(connection, message.Payload, cancellationToken)
                        : message.Payload;
                    if (payload is not null)
                    {
                        await onMessage(message.Channel, payload, cancellationToken);
                    }
                }
            }
        }
        catch (Exception ex) when (PostgresDatabase.IsLostConnection(ex, cancellationToken))
        {
            throw new StoreUnavailableException($"the change feed from PostgreSQL at {_database.Describe()} was lost: {ex.Message}", ex);
        }
    }

    public async Task NotifyAsync(string channel, string payload, CancellationToken cancellationToken = default)
    {
        if (Encoding.UTF8.GetByteCount(payload) > MaxNotifyBytes)
        {
            throw new ArgumentException($"a notification payload is limited to {MaxNotifyBytes} bytes", nameof(payload));
        }

        await _database.ReadAsync(
            c => c.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @payload)", new { channel, payload }, cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public async Task PublishAsync(string channel, IReadOnlyList<string> payloads, CancellationToken cancellationToken = default)
    {
        if (payloads.Count == 0)
        {
            return;
        }

        await _database.WriteAsync(
            async (c, t) =>
            {
                // One transaction: listeners get the notifications in this order, after the stored rows are visible.
                foreach (var payload in payloads)
                {
                    var notified = payload;
                    if (Encoding.UTF8.GetByteCount(payload) > MaxNotifyBytes)
                    {
                        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                            "INSERT INTO bus_messages (payload) VALUES (@payload) RETURNING id", new { payload }, t, cancellationToken: cancellationToken));
                        notified = StoredPrefix + id.ToString(CultureInfo.InvariantCulture);
                    }

                    await c.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @notified)", new { channel, notified }, t, cancellationToken: cancellationToken));
                }

                return payloads.Count;
            },
            cancellationToken);
    }

    public Task SyncConnectionsAsync(string nodeId, IReadOnlyList<StoredConnection> added, IReadOnlyList<string> removed, bool replaceAll, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            async (c, t) =>
            {
                if (replaceAll)
                {
                    await c.ExecuteAsync(new CommandDefinition("DELETE FROM connections WHERE node_id = @nodeId", new { nodeId }, t, cancellationToken: cancellationToken));
                }
                else if (removed.Count > 0)
                {
                    await c.ExecuteAsync(new CommandDefinition("DELETE FROM connections WHERE id = ANY(@removed)", new { removed = removed.ToArray() }, t, cancellationToken: cancellationToken));
                }

                if (added.Count > 0)
                {
                    await c.ExecuteAsync(new CommandDefinition(
                        """
                        INSERT INTO connections (id, node_id, listener, endpoint, kind, remote, username, connected_at)
                        SELECT * FROM unnest(@ids, @nodes, @listeners, @endpoints, @kinds, @remotes, @users, @times)
                        ON CONFLICT (id) DO NOTHING
                        """,
                        new
                        {
                            ids = added.Select(a => a.Id).ToArray(),
                            nodes = added.Select(a => a.NodeId).ToArray(),
                            listeners = added.Select(a => a.Listener).ToArray(),
                            endpoints = added.Select(a => a.Endpoint).ToArray(),
                            kinds = added.Select(a => a.Kind).ToArray(),
                            remotes = added.Select(a => a.RemoteAddress).ToArray(),
                            users = added.Select(a => a.User).ToArray(),
                            times = added.Select(a => a.ConnectedAt.ToUniversalTime()).ToArray(),
                        },
                        t,
                        cancellationToken: cancellationToken));
                }

                return added.Count;
            },
            cancellationToken);

    public Task<IReadOnlyList<StoredConnection>> ListConnectionsAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<StoredConnection>>(
            async c => (await c.QueryAsync<ConnectionRow>(new CommandDefinition(
                    $"""
                    SELECT {ConnectionColumns} FROM connections
                    WHERE node_id IN (SELECT id FROM nodes WHERE state IN (@alive, @draining)) ORDER BY connected_at, id
                    """,
                    new { alive = NodeStates.Alive, draining = NodeStates.Draining },
                    cancellationToken: cancellationToken)))
                .Select(r => r.ToConnection()).ToList(),
            cancellationToken);

    public Task<StoredConnection?> FindConnectionAsync(string id, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            async c => (await c.QuerySingleOrDefaultAsync<ConnectionRow>(new CommandDefinition(
                $"SELECT {ConnectionColumns} FROM connections WHERE id = @id", new { id }, cancellationToken: cancellationToken)))?.ToConnection(),
            cancellationToken);

    public Task<IReadOnlyList<StoredUsage>> ExchangeUsageAsync(string nodeId, IReadOnlyList<StoredUsage> usage, CancellationToken cancellationToken = default) =>
        _database.WriteAsync<IReadOnlyList<StoredUsage>>(
            async (c, t) =>
            {
                await c.ExecuteAsync(new CommandDefinition("DELETE FROM cluster_usage WHERE node_id = @nodeId", new { nodeId }, t, cancellationToken: cancellationToken));
                if (usage.Count > 0)
                {
                    await c.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO cluster_usage (node_id, kind, key, value) SELECT @nodeId, * FROM unnest(@kinds, @keys, @values) ON CONFLICT DO NOTHING",
                        new { nodeId, kinds = usage.Select(u => u.Kind).ToArray(), keys = usage.Select(u => u.Key).ToArray(), values = usage.Select(u => u.Value).ToArray() },
                        t,
                        cancellationToken: cancellationToken));
                }

                // Only nodes that still hold connections count: a gone or left node's last report is ignored.
                return (await c.QueryAsync<UsageRow>(new CommandDefinition(
                        """
                        SELECT node_id AS NodeId, kind, key, value FROM cluster_usage
                        WHERE node_id <> @nodeId AND node_id IN (SELECT id FROM nodes WHERE state IN (@alive, @draining))
                        """,
                        new { nodeId, alive = NodeStates.Alive, draining = NodeStates.Draining },
                        t,
                        cancellationToken: cancellationToken)))
                    .Select(r => new StoredUsage(r.NodeId, r.Kind, r.Key, r.Value)).ToList();
            },
            cancellationToken);

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _database.ReadAsync(c => c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken)), cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"PostgreSQL at {_database.Describe()} is unreachable: {ex.Message}", ex);
        }
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static async Task<long> ReadRevisionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool forUpdate, CancellationToken cancellationToken)
    {
        var text = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT value FROM meta WHERE key = 'config.revision'" + (forUpdate ? " FOR UPDATE" : ""), transaction: transaction, cancellationToken: cancellationToken));
        return long.Parse(text ?? "0", CultureInfo.InvariantCulture);
    }

    private const string ConnectionColumns = "id, node_id AS NodeId, listener, endpoint, kind, remote, username, connected_at AS ConnectedAt";

    private static async Task<string?> ReadStoredAsync(NpgsqlConnection connection, string reference, CancellationToken cancellationToken) =>
        long.TryParse(reference.AsSpan(StoredPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT payload FROM bus_messages WHERE id = @id", new { id }, cancellationToken: cancellationToken))
            : null;

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record UsageRow(string NodeId, string Kind, string Key, long Value);

    private sealed record ConnectionRow(string Id, string NodeId, string Listener, string Endpoint, string Kind, string? Remote, string? Username, DateTime ConnectedAt)
    {
        public StoredConnection ToConnection() => new(Id, NodeId, Listener, Endpoint, Kind, Remote, Username, PgTime.Read(ConnectedAt));
    }

}
