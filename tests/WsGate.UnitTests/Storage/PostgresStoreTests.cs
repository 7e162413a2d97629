using WsGate.Configuration;
using WsGate.Storage;
using WsGate.Storage.Postgres;
using WsGate.Testing;

namespace WsGate.UnitTests.Storage;

/// <summary>
/// The store contract and what only the shared store does (the change feed, membership, several nodes writing), on a
/// real PostgreSQL started for this test assembly; each test has a database of its own.
/// </summary>
public sealed class PostgresStoreTests : StoreContractTests
{
    private PostgresServer _server = null!;
    private string _database = null!;

    public override async Task InitializeAsync()
    {
        _server = await PostgresServer.SharedAsync();
        _database = await _server.CreateDatabaseAsync("store");
    }

    protected override IWsGateStore NewStore() => NewStore("node-a");

    private PostgresStore NewStore(string node) => new(_server.ConnectionString(_database), node);

    private async Task<PostgresStore> OpenAsync(string node)
    {
        var store = NewStore(node);
        await store.OpenAsync();
        return store;
    }

    [Fact]
    public async Task OpenAsync_NewDatabase_CreatesSchemaAndRecordsMigrations()
    {
        await using var store = await OpenAsync("node-a");

        var tables = await _server.ScalarAsync(_database, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'");
        var migrations = await _server.ScalarAsync(_database, "SELECT string_agg(name, ',' ORDER BY version) FROM schema_migrations");

        Assert.Equal("access_tokens,application_keys,applications,audit_log,auth_failures,authorization_codes,bus_messages,capture_records,captures,cluster_usage,config_changes,config_objects,connections,failures,groups,meta,nodes,refresh_tokens,schema_migrations,subscriptions,usage_close_codes,usage_minutes,users", tables);
        Assert.Equal("0001_initial,0002_identity,0003_analytics,0004_cluster_limits,0005_auth_failures,0006_oauth_code_grant,0007_captures", migrations);
        Assert.StartsWith("postgres://127.0.0.1:", store.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("wsgate@", store.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_ThreeNodesAtOnce_MigrateOnce()
    {
        var stores = new[] { NewStore("a"), NewStore("b"), NewStore("c") };

        await Task.WhenAll(stores.Select(s => s.OpenAsync()));

        Assert.Equal(7L, await _server.ScalarAsync(_database, "SELECT COUNT(*) FROM schema_migrations"));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task OpenAsync_SchemaFromNewerVersion_IsRefused()
    {
        await using (await OpenAsync("node-a"))
        {
        }

        await _server.ScalarAsync(_database, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future', now())");
        await using var second = NewStore("node-a");

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => second.OpenAsync());

        Assert.Contains("newer WsGate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NothingListeningOnThePort_FailsSayingUnreachable()
    {
        var port = FreePort.Find();
        await using var store = new PostgresStore($"postgres://wsgate@127.0.0.1:{port}/wsgate?timeout=2", "node-a");

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.OpenAsync());

        Assert.Contains($"PostgreSQL at 127.0.0.1:{port}/wsgate is unreachable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_MissingDatabase_FailsNamingIt()
    {
        await using var store = new PostgresStore(_server.Url("no_such_db"), "node-a");

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.OpenAsync());

        Assert.Contains("has no database 'no_such_db'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveConfigAsync_TwoNodesFromTheSameRevision_OneWinsTheOtherIsRefused()
    {
        await using var a = await OpenAsync("node-a");
        await using var b = await OpenAsync("node-b");

        var results = await Task.WhenAll(
            Attempt(() => a.SaveConfigAsync(new GatewayConfig { Listeners = [Listener("from-a", 9001)] }, 0)),
            Attempt(() => b.SaveConfigAsync(new GatewayConfig { Listeners = [Listener("from-b", 9002)] }, 0)));

        Assert.Single(results, r => r is long);
        Assert.IsType<ConcurrentChangeException>(Assert.Single(results, r => r is Exception));
        Assert.Equal(1, (await a.LoadConfigAsync()).Revision);
        Assert.Equal(1L, await _server.ScalarAsync(_database, "SELECT COUNT(*) FROM config_changes"));

        static async Task<object> Attempt(Func<Task<long>> save)
        {
            try
            {
                return await save();
            }
            catch (ConcurrentChangeException ex)
            {
                return ex;
            }
        }
    }

    [Fact]
    public async Task ListenAsync_ConfigSavedByAnotherNode_DeliversTheRevisionAfterCommit()
    {
        await using var writer = await OpenAsync("node-a");
        await using var reader = await OpenAsync("node-b");
        var listening = new TaskCompletionSource();
        var revisions = new List<string>();
        using var stop = new CancellationTokenSource();
        var feed = reader.ListenAsync(
            [IClusterStore.ConfigChannel],
            _ =>
            {
                listening.TrySetResult();
                return Task.CompletedTask;
            },
            (channel, payload, _) =>
            {
                Assert.Equal(IClusterStore.ConfigChannel, channel);
                lock (revisions)
                {
                    revisions.Add(payload);
                }

                return Task.CompletedTask;
            },
            stop.Token);
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await writer.SaveConfigAsync(SampleConfig(), 0);
        await writer.SaveConfigAsync(new GatewayConfig(), 1);

        await Eventually.TrueAsync(() => { lock (revisions) { return revisions.Count == 2; } }, TimeSpan.FromSeconds(30));
        Assert.Equal(["1", "2"], revisions);
        Assert.Equal("node-a", await _server.ScalarAsync(_database, "SELECT node_id FROM config_changes WHERE revision = 2"));
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => feed);
    }

    [Fact]
    public async Task NotifyAsync_PayloadOver7999Bytes_IsRefused()
    {
        await using var store = await OpenAsync("node-a");

        await Assert.ThrowsAsync<ArgumentException>(() => store.NotifyAsync("wsgate_test", new string('x', 8000)));
        await store.NotifyAsync("wsgate_test", new string('x', 7999));
    }

    [Fact]
    public async Task SweepNodesAsync_StaleHeartbeat_MarksGoneThenForgets()
    {
        await using var store = await OpenAsync("node-a");
        await store.HeartbeatAsync(Node("a", T0.AddSeconds(30)));
        await store.HeartbeatAsync(Node("b", T0));
        await store.HeartbeatAsync(Node("c", T0) with { State = NodeStates.Left });

        var gone = await store.SweepNodesAsync(staleBefore: T0.AddSeconds(10), forgetBefore: T0.AddSeconds(-1));

        Assert.Equal(["b"], gone);
        var nodes = await store.ListNodesAsync();
        Assert.Equal([("a", NodeStates.Alive, 3), ("b", NodeStates.Gone, 0), ("c", NodeStates.Left, 3)], nodes.Select(n => (n.Id, n.State, n.Connections)));
        Assert.Equal(T0.AddSeconds(30), nodes[0].LastSeenAt);
        Assert.Equal("127.0.0.1:9000", nodes[0].AdminAddress);

        Assert.Empty(await store.SweepNodesAsync(staleBefore: T0.AddSeconds(10), forgetBefore: T0.AddSeconds(1)));
        Assert.Equal(["a"], (await store.ListNodesAsync()).Select(n => n.Id));
    }

    [Fact]
    public async Task PublishAsync_PayloadsOverTheNotifyLimit_ReachTheListenerWholeAndInOrder()
    {
        await using var writer = await OpenAsync("node-a");
        await using var reader = await OpenAsync("node-b");
        var listening = new TaskCompletionSource();
        var received = new List<string>();
        using var stop = new CancellationTokenSource();
        var feed = reader.ListenAsync(
            [IClusterStore.BusChannel],
            _ =>
            {
                listening.TrySetResult();
                return Task.CompletedTask;
            },
            (_, payload, _) =>
            {
                lock (received)
                {
                    received.Add(payload);
                }

                return Task.CompletedTask;
            },
            stop.Token);
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        string[] sent = ["small-1", new string('L', 20_000), "small-2", "é" + new string('x', 7_998)];

        await writer.PublishAsync(IClusterStore.BusChannel, sent);

        await Eventually.TrueAsync(() => { lock (received) { return received.Count == 4; } }, TimeSpan.FromSeconds(30));
        Assert.Equal(sent, received);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => feed);
    }

    [Fact]
    public async Task SyncConnectionsAsync_AddRemoveReplace_ListShowsOnlyLiveNodes()
    {
        await using var store = await OpenAsync("node-a");
        await store.HeartbeatAsync(Node("a", T0));
        await store.HeartbeatAsync(Node("b", T0));
        await store.SyncConnectionsAsync("a", [Connection("c1", "a", 1), Connection("c2", "a", 2)], [], replaceAll: false);
        await store.SyncConnectionsAsync("b", [Connection("c3", "b", 3)], [], replaceAll: false);

        await store.SyncConnectionsAsync("a", [Connection("c4", "a", 4)], ["c1"], replaceAll: false);
        Assert.Equal(["c2", "c3", "c4"], (await store.ListConnectionsAsync()).Select(c => c.Id));

        await store.SyncConnectionsAsync("a", [Connection("c5", "a", 5)], [], replaceAll: true);
        Assert.Equal(["c3", "c5"], (await store.ListConnectionsAsync()).Select(c => c.Id));
        Assert.Equal(Connection("c3", "b", 3), await store.FindConnectionAsync("c3"));

        await store.SweepNodesAsync(staleBefore: T0.AddSeconds(1), forgetBefore: T0.AddHours(-1));
        Assert.Empty(await store.ListConnectionsAsync());
        Assert.Null(await store.FindConnectionAsync("c3"));
    }

    [Fact]
    public async Task SweepNodesAsync_NodeGone_ItsRunningCapturesStopped()
    {
        await using var store = await OpenAsync("node-a");
        await store.HeartbeatAsync(Node("a", T0.AddSeconds(30)));
        await store.HeartbeatAsync(Node("b", T0));
        await store.Captures.CreateAsync(new StoredCapture("cap_a", "{}", StoredCapture.Running, null, T0, null, 0, 0, 0, null, "a"));
        await store.Captures.CreateAsync(new StoredCapture("cap_b", "{}", StoredCapture.Running, null, T0, null, 0, 0, 0, null, "b"));

        await store.SweepNodesAsync(staleBefore: T0.AddSeconds(10), forgetBefore: T0.AddHours(-1));

        Assert.Equal(StoredCapture.Running, (await store.Captures.FindAsync("cap_a"))!.State);
        var gone = await store.Captures.FindAsync("cap_b");
        Assert.Equal((StoredCapture.Stopped, "node gone"), (gone!.State, gone.StopReason));
        Assert.NotNull(gone.StoppedAt);
    }

    private static StoredConnection Connection(string id, string node, int second) =>
        new(id, node, "default", "/channel", "channel", "127.0.0.1:5000", second % 2 == 0 ? null : "alice", T0.AddSeconds(second));

    private static StoredNode Node(string id, DateTimeOffset seen) => new()
    {
        Id = id,
        AdminAddress = "127.0.0.1:9000",
        Version = "1.0.0",
        State = NodeStates.Alive,
        Connections = 3,
        StartedAt = T0.AddMinutes(-1),
        LastSeenAt = seen,
    };

    [Fact]
    public async Task AuthFailures_TwoNodes_CountTogetherSoTheClusterDoesNotMultiplyGuesses()
    {
        await using var nodeA = await OpenAsync("node-a");
        await using var nodeB = await OpenAsync("node-b");
        var time = new WsGate.Testing.ManualTimeProvider();
        var config = new WsGate.Configuration.Identity.LockoutConfig { MaxFailures = 3, FailureDelayMs = 0 };
        var guardA = new WsGate.Identity.AuthFailureGuard(nodeA.Identity, time);
        var guardB = new WsGate.Identity.AuthFailureGuard(nodeB.Identity, time);
        var source = WsGate.Identity.AuthFailureGuard.SourceSubject("203.0.113.9");

        await guardA.FailAsync(WsGate.Identity.AuthScope.Public, null, source, config, CancellationToken.None);
        await guardB.FailAsync(WsGate.Identity.AuthScope.Public, null, source, config, CancellationToken.None);
        var beforeThird = await guardA.CheckAsync(WsGate.Identity.AuthScope.Public, null, source, config, CancellationToken.None);
        await guardA.FailAsync(WsGate.Identity.AuthScope.Public, null, source, config, CancellationToken.None);

        Assert.Null(beforeThird.LockedFor);
        Assert.NotNull((await guardB.CheckAsync(WsGate.Identity.AuthScope.Public, null, source, config, CancellationToken.None)).LockedFor);
    }
}
