using System.Net;
using System.Text.Json;
using WsGate.Testing;
using Xunit.Abstractions;

namespace WsGate.FunctionalTests.Cluster;

/// <summary>A change made through any node's admin API reaches every node, whole, and no node's change overwrites another's.</summary>
public sealed class ConfigPropagationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestServer _a = null!;
    private TestServer _b = null!;

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.SharedAsync();
        var database = await postgres.CreateDatabaseAsync("propagation");
        var nodes = await ClusterNodes.StartAsync(postgres.Url(database), "node-a", "node-b");
        _a = nodes[0];
        _b = nodes[1];
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task CreateListener_OnOneNode_IsServedByTheOtherNode()
    {
        await CreateAsync(_a, new
        {
            id = "side",
            bindings = new[] { "127.0.0.1:0" },
            endpoints = new[] { new { path = "/echo", kind = "echo" } },
        });
        var committed = System.Diagnostics.Stopwatch.StartNew();

        await Eventually.TrueAsync(() => _b.Server.Listeners.Find("side") is { BoundAddresses.Count: > 0 }, TimeSpan.FromSeconds(20), "node-b never bound the listener created on node-a");
        output.WriteLine($"node-b applied the change {committed.ElapsedMilliseconds} ms after node-a answered");
        using var socket = await WebSocketTestExtensions.ConnectAsync(_b.ListenerUri("side", "/echo"));
        await socket.SendTextAsync("through node-b");
        Assert.Equal("through node-b", await socket.ReceiveTextAsync());
        Assert.Equal((await Ready(_a)).GetProperty("revision").GetInt64(), (await Ready(_b)).GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task DeleteListener_OnOneNode_UnbindsItOnTheOther()
    {
        await CreateAsync(_b, new { id = "gone_soon", bindings = new[] { "127.0.0.1:0" } });

        await Eventually.TrueAsync(() => _a.Server.Listeners.Find("gone_soon") is not null, TimeSpan.FromSeconds(20));

        using (var deleted = await _a.Admin.DeleteAsync("/api/v1/listeners/gone_soon"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await Eventually.TrueAsync(() => _b.Server.Listeners.Find("gone_soon") is null, TimeSpan.FromSeconds(20), "node-b kept the deleted listener");
    }

    [Fact]
    public async Task ChangesOnBothNodesAtOnce_AreAllKept()
    {
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => CreateAsync(i % 2 == 0 ? _a : _b, new { id = $"both_{i}", bindings = new[] { "127.0.0.1:0" }, enabled = false })));

        foreach (var node in new[] { _a, _b })
        {
            await Eventually.TrueAsync(
                () => node.Server.Listeners.Listeners.Count(l => l.Id.StartsWith("both_", StringComparison.Ordinal)) == 6,
                TimeSpan.FromSeconds(20),
                "a node lost a listener created concurrently on the other");
        }
    }

    private static async Task CreateAsync(TestServer node, object listener)
    {
        using var response = await node.PostJsonAsync("/api/v1/listeners", listener);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> Ready(TestServer node)
    {
        using var response = await node.Admin.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
