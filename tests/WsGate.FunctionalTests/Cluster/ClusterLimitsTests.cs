using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Cluster;
using WsGate.FunctionalTests.Identity;
using WsGate.Management;
using WsGate.Routing;
using WsGate.Testing;
using WsGate.Throttling;

namespace WsGate.FunctionalTests.Cluster;

/// <summary>
/// Two nodes on one PostgreSQL enforce a tier's connection cap and rate limit for the cluster, not each on its own:
/// without it a cap of 2 would admit 4 connections and a limit of 20 messages would admit 40.
/// </summary>
public sealed class ClusterLimitsTests : IAsyncLifetime
{
    private TestServer _a = null!;
    private TestServer _b = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.SharedAsync();
        var url = postgres.Url(await postgres.CreateDatabaseAsync("limits"));

        // A rate limit stays shared while a node drew on it within the hold: long here, so a slow machine cannot let the
        // shares lapse between the test's first messages and its flood.
        _a = await TestServer.StartAsync(store: url, cluster: ClusterNodes.Options("limits-a") with { RateDemandHold = TimeSpan.FromMinutes(5) });
        _b = await TestServer.StartAsync(store: url, cluster: ClusterNodes.Options("limits-b") with { RateDemandHold = TimeSpan.FromMinutes(5) });
        _backend = await TestBackend.StartAsync("limits");
        await _a.CreateUserAsync("owner", "owner-password-1", roles: ["subscriber"]);
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task ApplicationCapOfTwo_OneConnectionOnEachNode_ThirdRefusedWith429OnEitherNode()
    {
        var (key, app) = await SubscribeAsync("cl_cap", new { name = "ClusterPair", maxConnectionsPerApplication = 2 });
        var capKey = $"app\ncl_cap\n{app}";
        using var onA = await ConnectAsync(_a, "cl_cap", key);
        var onB = await ConnectAsync(_b, "cl_cap", key);
        await Eventually.TrueAsync(
            () => Quota(_a).OtherNodesConnections(capKey) == 1 && Quota(_b).OtherNodesConnections(capKey) == 1,
            TimeSpan.FromSeconds(30),
            "the nodes never saw each other's connection");

        foreach (var node in new[] { _a, _b })
        {
            var refusal = await node.RefusedHandshakeAsync("/cl_cap/v1", r => r.Headers.Add("X-API-Key", key));

            Assert.Equal(HttpStatusCode.TooManyRequests, refusal.Status);
            Assert.NotNull(refusal.Headers.RetryAfter?.Delta);
            Assert.Contains("limit of 2 connections to API 'cl_cap' (1 on this node, 1 on other nodes)", refusal.Detail, StringComparison.Ordinal);
        }

        // The slot node-b held comes back to the cluster once node-b reports it closed.
        await onB.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        onB.Dispose();
        await Eventually.TrueAsync(() => Quota(_a).OtherNodesConnections(capKey) == 0, TimeSpan.FromSeconds(30), "node-a still counts node-b's closed connection");
        using var second = await ConnectAsync(_a, "cl_cap", key);
        Assert.Equal("admitted", await second.EchoAsync("admitted"));
    }

    [Fact]
    public async Task TierRateOf20_DrawnOnFromBothNodes_ClusterAdmitsWithinTheBound()
    {
        // 20 messages per 10 minutes: refill is one message per 30 s, so what is admitted is the allowance itself.
        const int Limit = 20;
        var (key, app) = await SubscribeAsync("cl_rate", new { name = "ClusterTwenty", rate = new { messagesPerWindow = Limit, windowMs = 600_000, action = "drop" } });
        var rateKey = $"tier\ncl_rate\n{app}";
        using var onA = await ConnectAsync(_a, "cl_rate", key);
        using var onB = await ConnectAsync(_b, "cl_rate", key);
        var started = DateTime.UtcNow;

        // Each node draws on the tier once (these count too), then waits until both hold half of it.
        Assert.Equal("a0", await onA.EchoAsync("a0"));
        Assert.Equal("b0", await onB.EchoAsync("b0"));
        await Eventually.TrueAsync(
            () => Share(_a, rateKey) == 0.5 && Share(_b, rateKey) == 0.5,
            TimeSpan.FromSeconds(30),
            "the nodes never split the tier");

        var admittedA = 1 + await FloodAsync(onA, "a", 30);
        var admittedB = 1 + await FloodAsync(onB, "b", 30);

        // The bound (docs/cluster.md): the limit, plus what was admitted before the shares were known (here the two first
        // messages), plus the refill while the test ran (the tier's rate: 20 per 600 s).
        var refill = (int)Math.Ceiling((DateTime.UtcNow - started).TotalSeconds * Limit / 600);
        Assert.InRange(admittedA + admittedB, Limit, Limit + 2 + refill);
        Assert.InRange(admittedA, Limit / 2, (Limit / 2) + 1 + refill);
        Assert.InRange(admittedB, Limit / 2, (Limit / 2) + 1 + refill);
    }

    private static ClusterQuota Quota(TestServer node) => node.Server.Services.GetRequiredService<ClusterQuota>();

    /// <summary>The share of the rate limit <paramref name="rateKey"/> the node's buckets hold now (0 while it has none).</summary>
    private static double Share(TestServer node, string rateKey) =>
        node.Server.Services.GetRequiredService<ThrottleService>().RateBuckets().Where(b => b.Key == rateKey).Select(b => b.Value.Share).DefaultIfEmpty(0).Min();

    /// <summary>Sends <paramref name="count"/> messages one at a time; returns how many came back echoed (the rest got error frames).</summary>
    private static async Task<int> FloodAsync(WebSocket socket, string prefix, int count)
    {
        var admitted = 0;
        for (var i = 1; i <= count; i++)
        {
            var text = prefix + i;
            if (await socket.EchoAsync(text) == text)
            {
                admitted++;
            }
        }

        return admitted;
    }

    /// <summary>An echo API with a tier made on node-a, an application subscribed to it, once node-b has both; returns the key and the application id.</summary>
    private async Task<(string Key, string App)> SubscribeAsync(string apiId, object tier)
    {
        using (var created = await _a.PostJsonAsync("/api/v1/tiers", tier))
        {
            await IdentityTestExtensions.ExpectAsync(created, HttpStatusCode.Created);
        }

        await _a.PublishApiAsync(apiId, "/" + apiId, [_backend.Url("/echo")], new { authentication = new { modes = new[] { "apiKey" } } });
        var app = await _a.CreateApplicationAsync("owner", apiId + "-app");
        var keys = await _a.GenerateKeysAsync(app);
        var tierName = (string)tier.GetType().GetProperty("name")!.GetValue(tier)!;
        using (var subscribed = await _a.PostJsonAsync($"/api/v1/applications/{app}/subscriptions", new { apiId, tier = tierName }))
        {
            await IdentityTestExtensions.ExpectAsync(subscribed, HttpStatusCode.Created);
        }

        await Eventually.TrueAsync(
            () => _b.Server.Services.GetRequiredService<LiveConfig>().Current is var config && config.FindApi(apiId) is not null && config.FindTier(tierName) is not null,
            TimeSpan.FromSeconds(30),
            "node-b never got the API and tier");
        return (keys.GetProperty("apiKey").GetString()!, app);
    }

    private static Task<ClientWebSocket> ConnectAsync(TestServer node, string apiId, string key) =>
        WebSocketTestExtensions.ConnectAsync(node.ListenerUri("default", $"/{apiId}/v1"), o => o.SetRequestHeader("X-API-Key", key));
}
