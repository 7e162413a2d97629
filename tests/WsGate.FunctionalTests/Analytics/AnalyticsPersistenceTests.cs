using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Analytics;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Analytics;

/// <summary>What outlives the process (rollups written on shutdown) and what leaves it (OTLP export), each on a server of its own.</summary>
public sealed class AnalyticsPersistenceTests
{
    [Fact]
    public async Task Restart_WithTrafficNotYetFlushed_LosesNothing()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TestServer.StartAsync(time: clock);
        using var socket = await WebSocketTestExtensions.ConnectAsync(server.EchoUri);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("four", await socket.EchoAsync("four"));
        }

        // The client answers the drain's 1001 so the connection ends with that code rather than being cut off.
        var closing = socket.ReceiveCloseAsync(TimeSpan.FromSeconds(30));
        await server.RestartAsync();
        var close = await closing;

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        var usage = Assert.Single((await server.GetJsonAsync("/api/v1/analytics/usage?listener=default&api=&groupBy=listener")).EnumerateArray());
        Assert.Equal(3, usage.GetProperty("messagesIn").GetInt64());
        Assert.Equal(3, usage.GetProperty("messagesOut").GetInt64());
        Assert.Equal(12, usage.GetProperty("bytesIn").GetInt64());
        Assert.Equal(1, usage.GetProperty("connectionsOpened").GetInt64());
        Assert.Equal(1, usage.GetProperty("connectionsClosed").GetInt64());
        var code = Assert.Single((await server.GetJsonAsync("/api/v1/analytics/close-codes?listener=default")).EnumerateArray());
        Assert.Equal(1001, code.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Otlp_EndpointConfigured_ExportsTheWsGateMeterOverHttpProtobuf()
    {
        await using var collector = await WebhookReceiver.StartAsync();
        await using var server = await TestServer.StartAsync();
        using (var response = await server.PutJsonAsync("/api/v1/analytics/settings", new
        {
            enabled = true,
            otlp = new { endpoint = collector.BaseUri.ToString(), exportIntervalMs = 3_600_000, headers = new Dictionary<string, string> { ["x-collector-key"] = "k1" } },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var socket = await WebSocketTestExtensions.ConnectAsync(server.EchoUri))
        {
            Assert.Equal("otlp", await socket.EchoAsync("otlp"));
        }

        // The interval is an hour: what arrives comes from the flush asked for here, or from the exporter's own shutdown.
        var export = server.Server.Services.GetRequiredService<OtlpExport>();
        Assert.True(export.IsExporting);
        // Flush blocks until the export is sent; off the thread the echo's last read completed on, which with inline socket
        // completions is the I/O thread the export's own socket needs.
        Assert.True(await Task.Run(() => export.Flush(TimeSpan.FromSeconds(30))), "the collector did not take the export");

        var received = Assert.Single(collector.Requests);
        Assert.Equal("/v1/metrics", received.Path);
        Assert.Equal("application/x-protobuf", received.Headers["Content-Type"]);
        Assert.Equal("k1", received.Headers["x-collector-key"]);
        var body = received.Body;
        Assert.Contains("WsGate", body, StringComparison.Ordinal);
        Assert.Contains("wsgate.connections.opened", body, StringComparison.Ordinal);
        Assert.Contains("wsgate.messages.in", body, StringComparison.Ordinal);

        using (var off = await server.PutJsonAsync("/api/v1/analytics/settings", new { enabled = true }))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        Assert.False(export.IsExporting);
    }
}
