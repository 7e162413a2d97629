using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Cluster;

/// <summary>A drained node stops accepting and tells its clients to reconnect with 1012 in jittered batches over the period.</summary>
public sealed class DrainTests
{
    [Fact]
    public async Task Drain_EightClientsOverFourSeconds_ClosesThemInBatchesWith1012AndARetryHint()
    {
        var time = new ManualTimeProvider();
        await using var server = await TestServer.StartAsync(time: time);
        var clients = new List<ClientWebSocket>();
        for (var i = 0; i < 8; i++)
        {
            clients.Add(await WebSocketTestExtensions.ConnectAsync(server.EchoUri));
        }

        var closes = clients.Select(c => c.ReceiveCloseAsync(TimeSpan.FromSeconds(60))).ToList();

        using (var started = await server.PostJsonAsync($"/api/v1/nodes/{server.Server.NodeId}/drain", new { period = 4 }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var plan = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(8, plan.GetProperty("connections").GetInt32());
            Assert.Equal(8, plan.GetProperty("batches").GetInt32());
        }

        // The first batch goes at once; the rest wait for the clock, so the closes are spread, not a burst.
        await Eventually.TrueAsync(() => closes.Count(c => c.IsCompleted) == 1, TimeSpan.FromSeconds(20));
        await Task.Delay(200);
        Assert.Equal(1, closes.Count(c => c.IsCompleted));
        using var ready = await server.Admin.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("draining", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<WebSocketException>(() => WebSocketTestExtensions.ConnectAsync(server.EchoUri));

        for (var step = 2; step <= 8; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            var expected = step;
            await Eventually.TrueAsync(() => closes.Count(c => c.IsCompleted) == expected, TimeSpan.FromSeconds(20), $"batch {step} did not close");
        }

        foreach (var close in closes)
        {
            var message = await close;
            Assert.Equal((WebSocketCloseStatus)1012, message.CloseStatus);
            Assert.Matches(@"^node draining; retry-after-ms=\d+$", message.CloseDescription);
        }

        using var again = await server.PostJsonAsync($"/api/v1/nodes/{server.Server.NodeId}/drain", new { period = 1 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Drain_PeriodOutOfRange_Is400NamingTheField()
    {
        await using var server = await TestServer.StartAsync();

        using var response = await server.PostJsonAsync($"/api/v1/nodes/{server.Server.NodeId}/drain", new { period = 4000 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("period", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drain_OtherNodeOfTheCluster_IsToldOverTheBus()
    {
        var postgres = await PostgresServer.SharedAsync();
        var nodes = await ClusterNodes.StartAsync(postgres.Url(await postgres.CreateDatabaseAsync("drain")), "drain-a", "drain-b");
        await using var a = nodes[0];
        await using var b = nodes[1];
        using var client = await WebSocketTestExtensions.ConnectAsync(b.EchoUri);
        await Eventually.TrueAsync(
            () => b.Server.Services.GetService(typeof(WsGate.Cluster.ClusterBus)) is WsGate.Cluster.ClusterBus { IsListening: true },
            TimeSpan.FromSeconds(30));

        using (var started = await a.PostJsonAsync("/api/v1/nodes/drain-b/drain", new { period = 0.5 }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        var close = await client.ReceiveCloseAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((WebSocketCloseStatus)1012, close.CloseStatus);
        await Eventually.TrueAsync(
            async () => (await a.GetJsonAsync("/api/v1/nodes")).EnumerateArray().Any(n => n.GetProperty("id").GetString() == "drain-b" && n.GetProperty("state").GetString() == "draining"),
            TimeSpan.FromSeconds(20),
            "node-a never saw node-b draining");
    }
}
