using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.FunctionalTests.Listeners;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Throttling;

/// <summary>
/// Per-frame rate limits over real sockets, client → WsGate → backend echo: each exceed action, the counted direction,
/// tiers per application, per client IP and per listener. Tokens come back when the test moves the clock, never by sleeping.
/// </summary>
[Collection(ThrottlingFixture.Collection)]
public sealed class RateLimitTests(ThrottlingFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Drop_ApiRateExceeded_SendsErrorFrameAndMessageNeverReachesBackend()
    {
        await fixture.PublishAsync("rl_drop", new { rate = new { messagesPerWindow = 2, windowMs = 10_000, action = "drop" } });
        using var socket = await ConnectAsync("/rl_drop/v1");
        Assert.Equal("one", await socket.EchoAsync("one"));
        Assert.Equal("two", await socket.EchoAsync("two"));

        var error = JsonDocument.Parse(await socket.EchoAsync("three")).RootElement;

        Assert.Equal("rate_limited", error.GetProperty("error").GetString());
        Assert.Contains("API 'rl_drop' allows 2 messages per 10000 ms", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(5000, error.GetProperty("retryAfterMs").GetInt64());
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("four", await socket.EchoAsync("four"));
        Assert.Equal(1, (await fixture.ConnectionAsync("rl_drop")).GetProperty("throttled").GetInt64());
    }

    [Fact]
    public async Task Drop_ApiRateExceeded_CountedInMetricsWithItsAction()
    {
        await fixture.PublishAsync("rl_metric", new { rate = new { messagesPerWindow = 1, windowMs = 10_000, action = "drop" } });
        using var socket = await ConnectAsync("/rl_metric/v1");
        Assert.Equal("one", await socket.EchoAsync("one"));

        Assert.Equal("rate_limited", JsonDocument.Parse(await socket.EchoAsync("two")).RootElement.GetProperty("error").GetString());
        Assert.Equal("rate_limited", JsonDocument.Parse(await socket.EchoAsync("three")).RootElement.GetProperty("error").GetString());

        var text = await _server.Admin.GetStringAsync("/metrics");
        var sample = PrometheusFormat.Parse(text)["wsgate_messages_throttled_total"].Samples
            .Single(s => s.Labels.GetValueOrDefault("api") == "rl_metric");
        Assert.Equal(2, sample.Value);
        Assert.Equal("dropped", sample.Labels["action"]);
        Assert.Equal("default", sample.Labels["listener"]);
    }

    [Fact]
    public async Task Drop_CustomErrorMessage_SendsTemplateWithRetryAfter()
    {
        var template = """{"code":429,"scope":"{scope}","retryAfterMs":{retryAfterMs}}""";
        await fixture.PublishAsync("rl_custom", new { rate = new { messagesPerWindow = 1, windowMs = 10_000, errorMessage = template } });
        using var socket = await ConnectAsync("/rl_custom/v1");
        Assert.Equal("one", await socket.EchoAsync("one"));

        var error = JsonDocument.Parse(await socket.EchoAsync("two")).RootElement;

        Assert.Equal(429, error.GetProperty("code").GetInt32());
        Assert.Equal("API 'rl_custom'", error.GetProperty("scope").GetString());
        Assert.Equal(10_000, error.GetProperty("retryAfterMs").GetInt64());
    }

    [Fact]
    public async Task Close_ApiRateExceeded_ClosesWith1008AndTellsBackend()
    {
        await fixture.PublishAsync("rl_close", new { rate = new { messagesPerWindow = 1, windowMs = 10_000, action = "close" } });
        using var socket = await ConnectAsync("/rl_close/v1");
        Assert.Equal("one", await socket.EchoAsync("one"));

        await socket.SendTextAsync("two");
        var close = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.CloseStatus);
        Assert.Contains("API 'rl_close' allows 1 messages", close.CloseDescription, StringComparison.Ordinal);
        await Eventually.TrueAsync(
            () => fixture.Backend.ClosesReceived.Any(c => c.Reason == "client closed for exceeding a rate limit"),
            because: "the backend leg is closed too");
    }

    [Fact]
    public async Task Backpressure_ApiRateExceeded_HoldsMessageUntilTokensReturn()
    {
        await fixture.PublishAsync("rl_wait", new { rate = new { messagesPerWindow = 1, windowMs = 10_000, action = "backpressure" } });
        using var socket = await ConnectAsync("/rl_wait/v1");
        Assert.Equal("one", await socket.EchoAsync("one"));

        await socket.SendTextAsync("two");
        var echoed = socket.ReceiveTextAsync(TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => (await fixture.ConnectionAsync("rl_wait")).GetProperty("throttled").GetInt64() == 1, because: "the second message waits for a token");

        Assert.False(echoed.IsCompleted, "the message was relayed before its token returned");
        await fixture.AdvanceUntilAsync(echoed, TimeSpan.FromSeconds(10));
        Assert.Equal("two", await echoed);
    }

    [Fact]
    public async Task Drop_OutboundCounted_DropsBackendMessageSilently()
    {
        await fixture.PublishAsync("rl_out", new { rate = new { messagesPerWindow = 2, windowMs = 10_000, count = "outbound", action = "drop" } });
        using var socket = await ConnectAsync("/rl_out/v1");
        Assert.Equal("one", await socket.EchoAsync("one"));
        Assert.Equal("two", await socket.EchoAsync("two"));

        // The backend echoes "three"; WsGate drops it on the way to the client, with no error frame (the client sent nothing wrong).
        await socket.SendTextAsync("three");
        await Eventually.TrueAsync(async () => (await fixture.ConnectionAsync("rl_out")).GetProperty("throttled").GetInt64() == 1);
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("four", await socket.EchoAsync("four"));
    }

    [Fact]
    public async Task Close_OutboundCounted_ClosesClientWith1008()
    {
        await fixture.PublishAsync("rl_out_close", new { rate = new { messagesPerWindow = 1, windowMs = 10_000, count = "outbound", action = "close" } });
        using var socket = await ConnectAsync("/rl_out_close/v1");
        Assert.Equal("one", await socket.EchoAsync("one"));

        await socket.SendTextAsync("two");
        var close = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.CloseStatus);
        Assert.Contains("API 'rl_out_close' allows 1 messages", close.CloseDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tier_PerApplication_LimitsOnlyThatSubscriptionAndEditsApplyLive()
    {
        await fixture.CreateTierAsync(new { name = "Trickle", rate = new { messagesPerWindow = 1, windowMs = 10_000 } });
        await fixture.PublishAsync("rl_tier", keysOnly: true);
        var trickleKey = await fixture.SubscribedKeyAsync("trickle-app", "rl_tier", "Trickle");
        var unlimitedKey = await fixture.SubscribedKeyAsync("unlimited-app", "rl_tier", "Unlimited");
        using var trickle = await ConnectAsync("/rl_tier/v1", trickleKey);
        using var unlimited = await ConnectAsync("/rl_tier/v1", unlimitedKey);

        Assert.Equal("a", await trickle.EchoAsync("a"));
        var error = JsonDocument.Parse(await trickle.EchoAsync("b")).RootElement;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("u" + i, await unlimited.EchoAsync("u" + i));
        }

        Assert.Contains("the Trickle tier of application", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var edit = await _server.PutJsonAsync("/api/v1/tiers/Trickle", new { rate = new { messagesPerWindow = 100, windowMs = 10_000 } });
        Assert.True(edit.IsSuccessStatusCode, await edit.Content.ReadAsStringAsync());
        Assert.Equal("c", await trickle.EchoAsync("c"));
    }

    [Fact]
    public async Task Tier_SharedBySubscriptionConnections_SecondConnectionDrawsOnSameAllowance()
    {
        await fixture.CreateTierAsync(new { name = "Pair", rate = new { messagesPerWindow = 2, windowMs = 10_000 } });
        await fixture.PublishAsync("rl_shared", keysOnly: true);
        var key = await fixture.SubscribedKeyAsync("pair-app", "rl_shared", "Pair");
        using var first = await ConnectAsync("/rl_shared/v1", key);
        using var second = await ConnectAsync("/rl_shared/v1", key);

        Assert.Equal("1", await first.EchoAsync("1"));
        Assert.Equal("2", await second.EchoAsync("2"));
        var error = JsonDocument.Parse(await first.EchoAsync("3")).RootElement;

        Assert.Equal("rate_limited", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task PerClientIp_Exceeded_LimitsEachAddress()
    {
        await fixture.PublishAsync("rl_ip", new { perClientIp = new { messagesPerWindow = 1, windowMs = 10_000 } });
        using var socket = await ConnectAsync("/rl_ip/v1");
        Assert.Equal("one", await socket.EchoAsync("one"));

        var error = JsonDocument.Parse(await socket.EchoAsync("two")).RootElement;

        Assert.Contains("API 'rl_ip' for client 127.0.0.1 allows 1 messages", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listener_RateAndByteLimit_AppliesToEchoEndpoint()
    {
        var listener = ListenerApi.EchoListener("rl_listener");
        listener["throttling"] = new JsonObject
        {
            ["rate"] = new JsonObject { ["bytesPerWindow"] = 20_000, ["windowMs"] = 10_000, ["action"] = "drop" },
        };
        await ListenerApi.CreateAsync(_server, listener);
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("rl_listener", "/echo"));
        var big = new string('x', 15_000);
        Assert.Equal(big, await socket.EchoAsync(big));

        var error = JsonDocument.Parse(await socket.EchoAsync(big)).RootElement;

        Assert.Contains("listener 'rl_listener' allows 20000 bytes per 10000 ms", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(big, await socket.EchoAsync(big));
    }

    [Fact]
    public async Task Close_ListenerPerClientIpOnEcho_ClosesWith1008()
    {
        var listener = ListenerApi.EchoListener("rl_echo_close");
        listener["throttling"] = new JsonObject
        {
            ["perClientIp"] = new JsonObject { ["messagesPerWindow"] = 1, ["windowMs"] = 10_000, ["action"] = "close" },
        };
        await ListenerApi.CreateAsync(_server, listener);
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("rl_echo_close", "/echo"));
        Assert.Equal("one", await socket.EchoAsync("one"));

        await socket.SendTextAsync("two");
        var close = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.CloseStatus);
        Assert.Contains("listener 'rl_echo_close' for client 127.0.0.1 allows 1 messages", close.CloseDescription, StringComparison.Ordinal);
    }

    private Task<ClientWebSocket> ConnectAsync(string path, string? apiKey = null) =>
        WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", path), o =>
        {
            if (apiKey is not null)
            {
                o.SetRequestHeader("X-API-Key", apiKey);
            }
        });
}
