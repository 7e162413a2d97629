using System.Net;
using System.Net.Sockets;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>A listener whose port is taken is marked failed with the reason; the others carry on and enable retries it.</summary>
public sealed class PortInUseTests
{
    [Fact]
    public async Task Post_PortInUse_ListenerFailedThenEnableRetries()
    {
        await using var server = await TestServer.StartAsync();
        using var steady = await WebSocketTestExtensions.ConnectAsync(server.EchoUri);
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        try
        {
            var view = await CreateAsync(server, EchoListener("blocked", $"127.0.0.1:{port}"));

            Assert.Equal("failed", State(view));
            Assert.Contains("address already in use", view.GetProperty("failureReason").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.True(view.GetProperty("config").GetProperty("enabled").GetBoolean());
            Assert.Equal("failed", State(await GetAsync(server, "blocked")));
            await AssertEchoesAsync(steady, "default still works");
            await AssertEchoesAsync(server.EchoUri, "new connections too");
        }
        finally
        {
            squatter.Stop();
        }

        var retried = await PostActionAsync(server, "/api/v1/listeners/blocked/enable");

        Assert.Equal("enabled", State(retried));
        Assert.False(retried.TryGetProperty("failureReason", out var reason) && reason.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Equal(port, server.ListenerUri("blocked").Port);
        await AssertEchoesAsync(server.ListenerUri("blocked", "/echo"), "retried");
        await AssertEchoesAsync(steady, "default untouched");
    }
}
