using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Analytics;
using WsGate.FunctionalTests.Gateway;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Analytics;

/// <summary>
/// Metrics and usage analytics on a real WsGate running on a manual clock: known traffic through an API must come back
/// exactly from the rollups and from /metrics. Tests use APIs of their own and filter by them.
/// </summary>
public sealed class AnalyticsTests(ManualClockGatewayFixture fixture) : IClassFixture<ManualClockGatewayFixture>
{
    private const string WholeRange = "from=2025-01-01T00:00:00Z&to=2028-01-01T00:00:00Z";

    private TestServer Server => fixture.Server;

    private Task FlushAsync() => Server.Server.Services.GetRequiredService<AnalyticsFlusher>().FlushAsync();

    private async Task<JsonElement> UsageOfAsync(string api) =>
        Assert.Single((await Server.GetJsonAsync($"/api/v1/analytics/usage?{WholeRange}&api={api}&groupBy=api")).EnumerateArray());

    private static async Task SendAndEchoAsync(WebSocket socket, int count, int size)
    {
        for (var i = 0; i < count; i++)
        {
            var text = new string((char)('a' + (i % 26)), size);
            Assert.Equal(text, await socket.EchoAsync(text));
        }
    }

    private async Task CloseAsync(ClientWebSocket socket, string api)
    {
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        await Server.ConnectionsOfAsync(api, 0);
    }

    [Fact]
    public async Task Usage_KnownTraffic_RollupsEqualIt()
    {
        await Server.PublishApiAsync("an_rollup", "/an-rollup", [fixture.Backend.Url("/echo")]);
        using (var first = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/an-rollup")))
        {
            await SendAndEchoAsync(first, 5, 10);
            await CloseAsync(first, "an_rollup");
        }

        using (var second = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/an-rollup")))
        {
            await SendAndEchoAsync(second, 3, 100);
            await CloseAsync(second, "an_rollup");
        }

        await FlushAsync();

        var usage = await UsageOfAsync("an_rollup");
        Assert.Equal("an_rollup", usage.GetProperty("group").GetString());
        Assert.Equal(8, usage.GetProperty("messagesIn").GetInt64());
        Assert.Equal(8, usage.GetProperty("messagesOut").GetInt64());
        Assert.Equal(350, usage.GetProperty("bytesIn").GetInt64());
        Assert.Equal(350, usage.GetProperty("bytesOut").GetInt64());
        Assert.Equal(2, usage.GetProperty("connectionsOpened").GetInt64());
        Assert.Equal(2, usage.GetProperty("connectionsClosed").GetInt64());
        Assert.Equal(0, usage.GetProperty("errors").GetInt64());
        var codes = (await Server.GetJsonAsync($"/api/v1/analytics/close-codes?{WholeRange}&api=an_rollup")).EnumerateArray().ToList();
        var code = Assert.Single(codes);
        Assert.Equal(1000, code.GetProperty("code").GetInt32());
        Assert.Equal(2, code.GetProperty("count").GetInt64());
        var environment = Assert.Single((await Server.GetJsonAsync($"/api/v1/analytics/usage?{WholeRange}&api=an_rollup&groupBy=environment")).EnumerateArray());
        Assert.Equal("production", environment.GetProperty("group").GetString());
    }

    [Fact]
    public async Task Usage_OpenAcrossMinuteBoundary_EachMinuteGetsItsShareAndTheSumIsExact()
    {
        await Server.PublishApiAsync("an_minutes", "/an-minutes", [fixture.Backend.Url("/echo")]);
        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/an-minutes"));
        await SendAndEchoAsync(socket, 4, 5);
        var flushedBefore = await Server.GetJsonAsync($"/api/v1/analytics/usage?{WholeRange}&api=an_minutes");

        // The flusher's timer fires at the minute boundary on the manual clock: no sleeping, no direct call.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(
            async () => (await Server.GetJsonAsync($"/api/v1/analytics/usage?{WholeRange}&api=an_minutes")).GetArrayLength() == 1,
            because: "the minute's rollup is written when the minute ends");
        await SendAndEchoAsync(socket, 6, 5);
        await CloseAsync(socket, "an_minutes");
        await FlushAsync();

        Assert.Equal(0, flushedBefore.GetArrayLength());
        var minutes = (await Server.GetJsonAsync($"/api/v1/analytics/usage?{WholeRange}&api=an_minutes&interval=hour&groupBy=api")).EnumerateArray().ToList();
        var total = Assert.Single(minutes);
        Assert.Equal(10, total.GetProperty("messagesIn").GetInt64());
        Assert.Equal(50, total.GetProperty("bytesOut").GetInt64());
        var byMinute = (await Server.GetJsonAsync($"/api/v1/analytics/usage?from=2025-12-31T23:00:00Z&to=2026-01-02T00:00:00Z&api=an_minutes&interval=minute")).EnumerateArray()
            .Select(p => p.GetProperty("messagesIn").GetInt64()).ToList();
        Assert.True(byMinute.Count >= 2, $"expected at least two minutes, got {byMinute.Count}");
        Assert.Equal(10, byMinute.Sum());
        Assert.All(byMinute, m => Assert.True(m >= 0));
    }

    [Fact]
    public async Task Metrics_AfterTraffic_IsValidPrometheusTextWithTheTrafficCounted()
    {
        await Server.PublishApiAsync("an_metrics", "/an-metrics", [fixture.Backend.Url("/echo")]);
        using (var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/an-metrics")))
        {
            await SendAndEchoAsync(socket, 7, 3);
            await CloseAsync(socket, "an_metrics");
        }

        using var response = await Server.Admin.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var families = PrometheusFormat.Parse(text);
        double Value(string sample, params (string Label, string Value)[] labels) =>
            families.Values.SelectMany(f => f.Samples).Single(s => s.Name == sample && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Value;
        Assert.Equal(7, Value("wsgate_messages_in_total", ("api", "an_metrics"), ("listener", "default")));
        Assert.Equal(7, Value("wsgate_messages_out_total", ("api", "an_metrics")));
        Assert.Equal(21, Value("wsgate_bytes_in_total", ("api", "an_metrics")));
        Assert.Equal(1, Value("wsgate_connections_opened_total", ("api", "an_metrics")));
        Assert.Equal(1, Value("wsgate_connections_closed_total", ("api", "an_metrics"), ("close_code", "1000")));
        Assert.Equal("counter", families["wsgate_connections_opened_total"].Type);
        Assert.Equal("gauge", families["wsgate_connections_active"].Type);
        Assert.Equal(0, Value("wsgate_connections_active", ("api", "an_metrics")));
        Assert.Equal("histogram", families["wsgate_handshake_duration_seconds"].Type);
        Assert.Equal(1, Value("wsgate_handshake_duration_seconds_count", ("api", "an_metrics")));
        Assert.Equal("histogram", families["wsgate_backend_connect_duration_seconds"].Type);
        Assert.Equal(1, Value("wsgate_backend_connect_duration_seconds_count", ("api", "an_metrics"), ("outcome", "success")));

        // The process's own memory: resident, GC heap, GC committed.
        Assert.Equal("gauge", families["wsgate_process_resident_memory_bytes"].Type);
        Assert.True(Value("wsgate_process_resident_memory_bytes") > 10_000_000);
        Assert.True(Value("wsgate_process_gc_heap_bytes") > 0);
        Assert.True(Value("wsgate_process_gc_committed_bytes") >= Value("wsgate_process_gc_heap_bytes"));
        Assert.Equal("counter", families["wsgate_process_allocated_bytes_total"].Type);
        Assert.True(Value("wsgate_process_allocated_bytes_total") > 0);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')), l => Assert.StartsWith("wsgate_", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_WithoutCredentials_IsRefused()
    {
        using var anonymous = new HttpClient { BaseAddress = Server.AdminAddress };

        using var response = await anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Failures_RefusalsAuthAndBackend_AreLoggedWithReasonsAndCounted()
    {
        await Server.PublishApiAsync("an_auth", "/an-auth", [fixture.Backend.Url("/echo")], new { authentication = new { modes = new[] { "apiKey" } } });
        await Server.PublishApiAsync("an_down", "/an-down", [fixture.Backend.Url("/reject")]);

        var auth = await Server.RefusedHandshakeAsync("/an-auth");
        var down = await Server.RefusedHandshakeAsync("/an-down");

        Assert.Equal(HttpStatusCode.Unauthorized, auth.Status);
        Assert.Equal(HttpStatusCode.BadGateway, down.Status);
        var authFailures = (await Server.GetJsonAsync("/api/v1/analytics/failures?api=an_auth")).EnumerateArray().ToList();
        var authFailure = Assert.Single(authFailures);
        Assert.Equal("auth", authFailure.GetProperty("kind").GetString());
        Assert.Equal(401, authFailure.GetProperty("status").GetInt32());
        Assert.Equal("default", authFailure.GetProperty("listener").GetString());
        Assert.Contains("Authentication failed", authFailure.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var downKinds = (await Server.GetJsonAsync("/api/v1/analytics/failures?api=an_down")).EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["handshake", "backend"], downKinds);
        var backend = Assert.Single((await Server.GetJsonAsync("/api/v1/analytics/failures?api=an_down&kind=backend")).EnumerateArray());
        Assert.Contains("/reject", backend.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Written to the store by the flush, the same failures still come back once, and count as errors in the rollups.
        await FlushAsync();
        Assert.Equal(2, (await Server.GetJsonAsync("/api/v1/analytics/failures?api=an_down")).GetArrayLength());
        Assert.Equal(1, (await UsageOfAsync("an_auth")).GetProperty("errors").GetInt64());
        Assert.Equal(2, (await UsageOfAsync("an_down")).GetProperty("errors").GetInt64());
        var families = PrometheusFormat.Parse(await Server.Admin.GetStringAsync("/metrics"));
        Assert.Equal(1, families["wsgate_auth_failures_total"].Samples.Single(s => s.Labels["api"] == "an_auth").Value);
        Assert.Equal(1, families["wsgate_handshakes_refused_total"].Samples.Single(s => s.Labels["api"] == "an_down" && s.Labels["status"] == "502").Value);
        Assert.Equal(1, families["wsgate_backend_connect_failures_total"].Samples.Single(s => s.Labels["api"] == "an_down").Value);
    }

    [Fact]
    public async Task Failures_ProtocolErrorAndDroppedClient_OnlyTheProtocolErrorIsLoggedBothCloseCodesCounted()
    {
        await Server.PublishApiAsync("an_protocol", "/an-protocol", [fixture.Backend.Url("/echo")]);
        var uri = Server.ListenerUri("default", "/an-protocol");
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(uri.Host, uri.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
                $"GET /an-protocol HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
            var head = new byte[1024];
            var read = await stream.ReadAsync(head);
            Assert.StartsWith("HTTP/1.1 101", System.Text.Encoding.ASCII.GetString(head, 0, read), StringComparison.Ordinal);

            // RFC 6455 section 5.2: RSV1 set without an extension that defines it; the server must fail the connection (1002).
            await stream.WriteAsync(new byte[] { 0xC1, 0x80, 1, 2, 3, 4 });
            await Server.ConnectionsOfAsync("an_protocol", 0);
        }

        using (var dropped = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/an-protocol")))
        {
            await SendAndEchoAsync(dropped, 1, 1);
            dropped.Abort();
            await Server.ConnectionsOfAsync("an_protocol", 0);
        }

        await FlushAsync();

        var failure = Assert.Single((await Server.GetJsonAsync("/api/v1/analytics/failures?api=an_protocol")).EnumerateArray());
        Assert.Equal("protocol", failure.GetProperty("kind").GetString());
        // Neither client sent a close frame: both ended without one, 1006 (RFC 6455 section 7.1.5).
        var code = Assert.Single((await Server.GetJsonAsync($"/api/v1/analytics/close-codes?{WholeRange}&api=an_protocol")).EnumerateArray());
        Assert.Equal(1006, code.GetProperty("code").GetInt32());
        Assert.Equal(2, code.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Top_ByMessages_RanksApisMostFirst()
    {
        await Server.PublishApiAsync("an_top_a", "/an-top-a", [fixture.Backend.Url("/echo")]);
        await Server.PublishApiAsync("an_top_b", "/an-top-b", [fixture.Backend.Url("/echo")]);
        using (var a = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/an-top-a")))
        using (var b = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/an-top-b")))
        {
            await SendAndEchoAsync(a, 2, 1);
            await SendAndEchoAsync(b, 9, 1);
            await CloseAsync(a, "an_top_a");
            await CloseAsync(b, "an_top_b");
        }

        await FlushAsync();

        var top = (await Server.GetJsonAsync($"/api/v1/analytics/top?{WholeRange}&by=messages&groupBy=api&limit=50")).EnumerateArray()
            .Select(p => p.GetProperty("group").GetString()).Where(g => g is "an_top_a" or "an_top_b").ToList();
        Assert.Equal(["an_top_b", "an_top_a"], top);
    }

    [Fact]
    public async Task MessageThrottled_ForALiveConnection_CountsInMetricsAndRollups()
    {
        await Server.PublishApiAsync("an_throttled", "/an-throttled", [fixture.Backend.Url("/echo")]);
        var analytics = Server.Server.Services.GetRequiredService<GatewayAnalytics>();
        var registry = Server.Server.Services.GetRequiredService<WsGate.Connections.ConnectionRegistry>();
        using (var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/an-throttled")))
        {
            await SendAndEchoAsync(socket, 1, 1);
            var connection = registry.All.Single(c => c.Api?.Api.Id == "an_throttled");

            // The throttling code calls these once per message it acts on.
            analytics.MessageThrottled(connection, "dropped");
            analytics.MessageThrottled(connection, "dropped");
            analytics.MessageThrottled("default", "an_throttled", null, "delayed");
            await CloseAsync(socket, "an_throttled");
        }

        await FlushAsync();

        Assert.Equal(3, (await UsageOfAsync("an_throttled")).GetProperty("throttled").GetInt64());
        var throttled = PrometheusFormat.Parse(await Server.Admin.GetStringAsync("/metrics"))["wsgate_messages_throttled_total"].Samples
            .Where(s => s.Labels["api"] == "an_throttled").ToDictionary(s => s.Labels["action"], s => s.Value);
        Assert.Equal(2, throttled["dropped"]);
        Assert.Equal(1, throttled["delayed"]);
    }

    [Theory]
    [InlineData("/api/v1/analytics/usage?groupBy=tenant", "groupBy")]
    [InlineData("/api/v1/analytics/usage?interval=week", "interval")]
    [InlineData("/api/v1/analytics/usage?from=yesterday", "from")]
    [InlineData("/api/v1/analytics/usage?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("/api/v1/analytics/usage?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=minute", "interval")]
    [InlineData("/api/v1/analytics/top?by=latency", "by")]
    [InlineData("/api/v1/analytics/top?limit=0", "limit")]
    [InlineData("/api/v1/analytics/failures?kind=bad", "kind")]
    public async Task Query_BadParameter_IsA400NamingIt(string path, string field)
    {
        using var response = await Server.Admin.GetAsync(path);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Theory]
    [InlineData("{\"retentionDays\":0}", "analytics.retentionDays")]
    [InlineData("{\"retentionDays\":-1}", "analytics.retentionDays")]
    [InlineData("{\"otlp\":{\"endpoint\":\"collector:4318\"}}", "analytics.otlp.endpoint")]
    [InlineData("{\"otlp\":{\"endpoint\":\"http://127.0.0.1:4318\",\"exportIntervalMs\":5}}", "analytics.otlp.exportIntervalMs")]
    public async Task Settings_BadValue_IsRefusedNamingTheFieldAndChangesNothing(string json, string field)
    {
        using var requestBody = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Server.Admin.PutAsync("/api/v1/analytics/settings", requestBody);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        var settings = await Server.GetJsonAsync("/api/v1/analytics/settings");
        Assert.True(settings.GetProperty("enabled").GetBoolean());
        Assert.Equal(30, settings.GetProperty("retentionDays").GetInt32());
    }

    [Fact]
    public async Task ConfigImport_BadAnalyticsSection_IsRefusedNamingTheFieldAndExportShowsTheSection()
    {
        using var requestBody = new StringContent("analytics:\n  retentionDays: 0\n  otlp:\n    endpoint: not-a-url\n", System.Text.Encoding.UTF8, "application/yaml");
        using var response = await Server.Admin.PostAsync("/api/v1/config/import", requestBody);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var export = await Server.Admin.GetStringAsync("/api/v1/config/export");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.GetProperty("errors").TryGetProperty("analytics.retentionDays", out _), body.ToString());
        Assert.True(body.GetProperty("errors").TryGetProperty("analytics.otlp.endpoint", out _), body.ToString());
        Assert.Contains("analytics:", export, StringComparison.Ordinal);
        Assert.Contains("retentionDays: 30", export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_Disabled_MetricsIs404AndNoRollupsAreKept()
    {
        await Server.PublishApiAsync("an_off", "/an-off", [fixture.Backend.Url("/echo")]);
        await Server.PublishApiAsync("an_off_early", "/an-off-early", [fixture.Backend.Url("/echo")]);
        var recorder = Server.Server.Services.GetRequiredService<UsageRecorder>();
        using var early = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/an-off-early"));
        await SendAndEchoAsync(early, 1, 1);
        await FlushAsync();
        using (var response = await Server.PutJsonAsync("/api/v1/analytics/settings", new { enabled = false }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        try
        {
            using (var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/an-off")))
            {
                await SendAndEchoAsync(socket, 3, 3);
                await CloseAsync(socket, "an_off");
            }

            // Opened while on, closed while off: no longer tracked, and its close is not counted.
            await CloseAsync(early, "an_off_early");
            await FlushAsync();
            using var metrics = await Server.Admin.GetAsync("/metrics");

            Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
            Assert.Equal(0, (await Server.GetJsonAsync($"/api/v1/analytics/usage?{WholeRange}&api=an_off")).GetArrayLength());
            Assert.Equal(0, recorder.Tracked);
            var earlyUsage = await UsageOfAsync("an_off_early");
            Assert.Equal(1, earlyUsage.GetProperty("connectionsOpened").GetInt64());
            Assert.Equal(0, earlyUsage.GetProperty("connectionsClosed").GetInt64());
        }
        finally
        {
            using var restore = await Server.PutJsonAsync("/api/v1/analytics/settings", new { enabled = true });
        }

        using var again = await Server.Admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
