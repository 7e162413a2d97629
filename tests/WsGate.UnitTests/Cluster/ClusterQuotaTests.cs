using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Cluster;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Throttling;
using WsGate.Connections;
using WsGate.Management;
using WsGate.Routing;
using WsGate.Storage;
using WsGate.Testing;
using WsGate.Throttling;

namespace WsGate.UnitTests.Cluster;

/// <summary>The arithmetic of cluster-wide limits: caps against the other nodes' connections, rate limits split between the nodes that draw on them.</summary>
public sealed class ClusterQuotaTests
{
    private const string AppCap = "app\nchat\napp1";
    private const string TierRate = "tier\nchat\napp1";
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Update_RowsOfTwoNodes_ConnectionsSummedAndRateSplitThreeWays()
    {
        var quota = new ClusterQuota();

        quota.Update(
        [
            new StoredUsage("b", StoredUsage.ConnectionsKind, AppCap, 2),
            new StoredUsage("c", StoredUsage.ConnectionsKind, AppCap, 3),
            new StoredUsage("b", StoredUsage.RateKind, TierRate, 40),
            new StoredUsage("c", StoredUsage.RateKind, TierRate, 0),
        ]);

        Assert.Equal(5, quota.OtherNodesConnections(AppCap));
        Assert.Equal(0, quota.OtherNodesConnections("app\nchat\nother"));
        Assert.Equal(1.0 / 3, quota.RateShare(TierRate), 6);
        Assert.Equal(1.0, quota.RateShare("tier\nchat\nother"));
    }

    [Fact]
    public void Update_Empty_NodeIsOnItsOwnAgain()
    {
        var quota = new ClusterQuota();
        quota.Update([new StoredUsage("b", StoredUsage.ConnectionsKind, AppCap, 2), new StoredUsage("b", StoredUsage.RateKind, TierRate, 1)]);

        quota.Update([]);

        Assert.Equal((0, 1.0), (quota.OtherNodesConnections(AppCap), quota.RateShare(TierRate)));
    }

    [Fact]
    public async Task Admit_CapPartlyHeldOnAnotherNode_RefusedNamingBothCounts()
    {
        var quota = new ClusterQuota();
        quota.Update([new StoredUsage("b", StoredUsage.ConnectionsKind, AppCap, 1)]);
        var service = await ServiceAsync(new TierConfig { Name = "Two", MaxConnectionsPerApplication = 2 }, quota);
        using var first = service.Admit(Subject("Two")).Throttle!;

        var refused = service.Admit(Subject("Two"));

        Assert.Equal(429, refused.Rejection!.Status);
        Assert.Contains("limit of 2 connections to API 'chat' (1 on this node, 1 on other nodes)", refused.Rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(1, service.ConnectionsOf(AppCap));
    }

    [Fact]
    public async Task Check_TierSharedWithOneOtherNode_HalfTheAllowanceAndHalfTheRate()
    {
        var quota = new ClusterQuota();
        quota.Update([new StoredUsage("b", StoredUsage.RateKind, TierRate, 3)]);
        var service = await ServiceAsync(new TierConfig { Name = "Ten", Rate = new RateLimitConfig { MessagesPerWindow = 10, WindowMs = 10_000 } }, quota);
        using var throttle = service.Admit(Subject("Ten")).Throttle!;

        var admitted = Enumerable.Range(0, 10).Count(_ => throttle.Check(ThrottleDirection.Inbound, true, 0).IsAllowed);
        var refused = throttle.Check(ThrottleDirection.Inbound, true, 0);

        Assert.Equal(5, admitted);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.RetryAfter);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(throttle.Check(ThrottleDirection.Inbound, true, 0).IsAllowed);
    }

    [Fact]
    public async Task Collect_LimitsInUse_ReportsCappedConnectionsAndRatesDrawnOnWithinTheHold()
    {
        var service = await ServiceAsync(new TierConfig { Name = "Both", MaxConnectionsPerApplication = 5, Rate = new RateLimitConfig { MessagesPerWindow = 10, WindowMs = 10_000 } }, new ClusterQuota());
        await using var store = new WsGate.Storage.Postgres.PostgresStore("Host=127.0.0.1;Database=unused", "a");
        using var sync = Sync(store, service, new ClusterQuota());
        using var throttle = service.Admit(Subject("Both")).Throttle!;
        Assert.True(throttle.Check(ThrottleDirection.Inbound, true, 0).IsAllowed);
        Assert.True(throttle.Check(ThrottleDirection.Inbound, true, 0).IsAllowed);

        var usage = sync.Collect();

        // The per-IP caps are unlimited here: counted on the node, never reported.
        Assert.Equal(
            [new StoredUsage("a", StoredUsage.ConnectionsKind, AppCap, 1), new StoredUsage("a", StoredUsage.RateKind, TierRate, 2)],
            usage);
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Contains(new StoredUsage("a", StoredUsage.RateKind, TierRate, 0), sync.Collect());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([new StoredUsage("a", StoredUsage.ConnectionsKind, AppCap, 1)], sync.Collect());
    }

    [Fact]
    public async Task ExchangeAsync_TwoNodesOnPostgres_EachAdmitsAgainstTheOthersAndGoneNodesAreIgnored()
    {
        var postgres = await PostgresServer.SharedAsync();
        var database = await postgres.CreateDatabaseAsync("quota");
        var tier = new TierConfig { Name = "Pair", MaxConnectionsPerApplication = 2, Rate = new RateLimitConfig { MessagesPerWindow = 10, WindowMs = 10_000 } };
        await using var storeA = new WsGate.Storage.Postgres.PostgresStore(postgres.ConnectionString(database), "a");
        await using var storeB = new WsGate.Storage.Postgres.PostgresStore(postgres.ConnectionString(database), "b");
        await storeA.OpenAsync();
        await storeB.OpenAsync();
        var (quotaA, quotaB) = (new ClusterQuota(), new ClusterQuota());
        var (serviceA, serviceB) = (await ServiceAsync(tier, quotaA), await ServiceAsync(tier, quotaB));
        using var syncA = Sync(storeA, serviceA, quotaA);
        using var syncB = Sync(storeB, serviceB, quotaB);
        await storeA.HeartbeatAsync(Node("a"));
        await storeB.HeartbeatAsync(Node("b"));

        using var onA = serviceA.Admit(Subject("Pair")).Throttle!;
        Assert.True(onA.Check(ThrottleDirection.Inbound, true, 0).IsAllowed);
        await syncA.ExchangeAsync(CancellationToken.None);
        await syncB.ExchangeAsync(CancellationToken.None);

        // b sees a's connection and a's draw on the tier: one slot left, half the rate.
        using var onB = serviceB.Admit(Subject("Pair")).Throttle!;
        Assert.NotNull(serviceB.Admit(Subject("Pair")).Rejection);
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => onB.Check(ThrottleDirection.Inbound, true, 0).IsAllowed));

        // a learns of b at its next exchange: its bucket (9 left of 10) is cut to half.
        await syncB.ExchangeAsync(CancellationToken.None);
        await syncA.ExchangeAsync(CancellationToken.None);
        Assert.NotNull(serviceA.Admit(Subject("Pair")).Rejection);
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => onA.Check(ThrottleDirection.Inbound, true, 0).IsAllowed));

        // b stops heart-beating and is marked gone: a ignores its last report and has the whole limit again.
        await storeA.HeartbeatAsync(Node("b") with { State = NodeStates.Gone });
        await syncA.ExchangeAsync(CancellationToken.None);
        using var second = serviceA.Admit(Subject("Pair")).Throttle;
        Assert.NotNull(second);
        Assert.Equal(1.0, quotaA.RateShare(TierRate));
    }

    [Fact]
    public async Task ExchangeAsync_StoreUnreachableLongerThanTheNodeTimeout_NodeEnforcesItsLimitsAlone()
    {
        var quota = new ClusterQuota();
        quota.Update([new StoredUsage("b", StoredUsage.ConnectionsKind, AppCap, 1), new StoredUsage("b", StoredUsage.RateKind, TierRate, 1)]);
        var service = await ServiceAsync(new TierConfig { Name = "Two", MaxConnectionsPerApplication = 2 }, quota);
        await using var store = new WsGate.Storage.Postgres.PostgresStore($"postgres://wsgate@127.0.0.1:{FreePort.Find()}/wsgate?timeout=2", "a");
        using var sync = Sync(store, service, quota);

        // Within the node timeout the last view stands: the other node may well still hold its connection.
        _clock.Advance(TimeSpan.FromSeconds(5));
        await sync.ExchangeAsync(CancellationToken.None);
        Assert.Equal((1, 0.5), (quota.OtherNodesConnections(AppCap), quota.RateShare(TierRate)));

        // Past it the others count this node gone, and it stops counting them.
        _clock.Advance(TimeSpan.FromSeconds(6));
        await sync.ExchangeAsync(CancellationToken.None);
        Assert.Equal((0, 1.0), (quota.OtherNodesConnections(AppCap), quota.RateShare(TierRate)));
    }

    private static StoredNode Node(string id) => new()
    {
        Id = id,
        Version = "1.0.0",
        State = NodeStates.Alive,
        StartedAt = DateTimeOffset.UtcNow,
        LastSeenAt = DateTimeOffset.UtcNow,
    };

    private ClusterQuotaSync Sync(IClusterStore store, ThrottleService service, ClusterQuota quota)
    {
        var options = new ClusterOptions { NodeId = store is WsGate.Storage.Postgres.PostgresStore pg ? pg.NodeId : "a" };
        var node = new LocalNode(options, new ConnectionRegistry(NullLogger<ConnectionRegistry>.Instance), _clock);
        return new ClusterQuotaSync(store, service, quota, node, options, _clock, NullLogger<ClusterQuotaSync>.Instance);
    }

    private static ThrottleSubject Subject(string tier) => new("edge", null, "chat", "app1", "ann", tier, IPAddress.Parse("10.0.0.7"));

    private Task<ThrottleService> ServiceAsync(TierConfig tier, IClusterQuota quota)
    {
        var config = new GatewayConfig
        {
            Listeners = [new ListenerConfig { Id = "edge", Bindings = ["127.0.0.1:0"] }],
            Apis = [new ApiConfig { Id = "chat", Name = "chat", Context = "/chat", Version = "v1" }],
            Tiers = [tier],
        };
        var live = new LiveConfig();
        live.Swap(new WsGate.Storage.StoredConfig(config, 1));
        return Task.FromResult(new ThrottleService(live, _clock, NullLogger<ThrottleService>.Instance, cluster: quota));
    }
}
