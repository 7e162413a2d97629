using System.Net;
using System.Text.Json;
using WsGate.Storage;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Cluster;

/// <summary>
/// PostgreSQL unreachable at start is a clear error; lost while running, nodes keep serving with the last good
/// configuration, report not ready, and catch up when it returns without losing a committed change. These tests stop
/// and restart a PostgreSQL of their own.
/// </summary>
public sealed class StoreOutageTests
{
    [Fact]
    public async Task Start_PostgresUnreachable_FailsNamingTheServer()
    {
        var port = FreePort.Find();

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => TestServer.StartAsync(store: $"postgres://wsgate@127.0.0.1:{port}/wsgate?timeout=2"));

        Assert.Contains($"PostgreSQL at 127.0.0.1:{port}/wsgate is unreachable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PostgresUnreachable_ExitsOneWithTheReason()
    {
        var port = FreePort.Find();
        using var process = WsGateProcess.Start(["serve", "--store", $"postgres://wsgate:secret@127.0.0.1:{port}/wsgate?timeout=2", "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0"]);

        var exit = await process.WaitForExitAsync();

        Assert.Equal(1, exit);
        Assert.Contains(process.Stderr, l => l.Contains($"PostgreSQL at 127.0.0.1:{port}/wsgate is unreachable", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Stderr, l => l.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_StoreThatIsNotAUrl_ExitsTwoNamingTheStore()
    {
        using var process = WsGateProcess.Start(["serve", "--store", "postgres://", "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0"]);

        var exit = await process.WaitForExitAsync();

        Assert.Equal(2, exit);
        Assert.Contains(process.Stderr, l => l.Contains("store", StringComparison.Ordinal) && l.Contains("PostgreSQL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoreLost_NodesKeepServingAreNotReadyAndCatchUpWhenItReturns()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var url = postgres.Url(await postgres.CreateDatabaseAsync("outage"));
        var nodes = await ClusterNodes.StartAsync(url, "outage-a", "outage-b");
        await using var a = nodes[0];
        await using var b = nodes[1];
        using var socket = await WebSocketTestExtensions.ConnectAsync(b.EchoUri);

        await postgres.StopAsync();

        await Eventually.TrueAsync(async () => await Readiness(b) == "store-unreachable", TimeSpan.FromSeconds(30), "node-b stayed ready without its store");
        await socket.SendTextAsync("still served");
        Assert.Equal("still served", await socket.ReceiveTextAsync());
        using (var refused = await a.PostJsonAsync("/api/v1/listeners", new { id = "during_outage", bindings = new[] { "127.0.0.1:0" } }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        await postgres.StartAgainAsync();
        await Eventually.TrueAsync(async () => await Readiness(a) == "ready", TimeSpan.FromSeconds(30), "node-a never became ready again");
        using (var created = await a.PostJsonAsync("/api/v1/listeners", new { id = "after_outage", bindings = new[] { "127.0.0.1:0" }, enabled = false }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await Eventually.TrueAsync(() => b.Server.Listeners.Find("after_outage") is not null, TimeSpan.FromSeconds(30), "node-b missed the change committed as the store came back");
        await Eventually.TrueAsync(async () => await Readiness(b) == "ready", TimeSpan.FromSeconds(30));
        Assert.Null(b.Server.Listeners.Find("during_outage"));
        await socket.SendTextAsync("after");
        Assert.Equal("after", await socket.ReceiveTextAsync());
    }

    private static async Task<string?> Readiness(TestServer node)
    {
        using var response = await node.Admin.GetAsync("/readyz");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
    }
}
