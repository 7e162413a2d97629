using System.Net.WebSockets;
using System.Text.Json.Nodes;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>
/// The maximum connection duration of a listener's own endpoints, closed by the same heartbeat and with the same 1001
/// and reason as an API's; a manual clock moved a second at a time stands in for real time.
/// </summary>
public sealed class MaxConnectionDurationTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(time: _clock);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Heartbeat_EchoOlderThanListenerMax_ClosesWith1001EvenWhenBusy()
    {
        var listener = BoundedListener("bounded");
        listener["maxConnectionDurationMs"] = 3000;
        await CreateAsync(_server, listener);
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("bounded", "/echo"));
        await ListedAsync(1);

        // The client keeps talking, so only the duration limit can close it.
        for (var second = 1; second < 3; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await AssertEchoesAsync(socket, "tick " + second);
        }

        var closing = socket.ReceiveCloseAsync();
        await AdvanceUntilAsync(closing, TimeSpan.FromSeconds(5));

        var close = await closing;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        Assert.Equal("maximum connection duration reached", close.CloseDescription);
    }

    [Fact]
    public async Task Heartbeat_EndpointSetsItsOwn_ItWinsOverTheListeners()
    {
        var listener = BoundedListener("mixed");
        listener["maxConnectionDurationMs"] = 0;
        listener["endpoints"] = new JsonArray(
            new JsonObject { ["path"] = "/echo", ["kind"] = "echo" },
            new JsonObject { ["path"] = "/short", ["kind"] = "echo", ["maxConnectionDurationMs"] = 2000 });
        await CreateAsync(_server, listener);
        using var unlimited = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("mixed", "/echo"));
        using var shortLived = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("mixed", "/short"));
        await ListedAsync(2);

        var closing = shortLived.ReceiveCloseAsync();
        await AdvanceUntilAsync(closing, TimeSpan.FromSeconds(10));

        Assert.Equal("maximum connection duration reached", (await closing).CloseDescription);
        _clock.Advance(TimeSpan.FromHours(1));
        await AssertEchoesAsync(unlimited, "no limit here");
    }

    [Fact]
    public async Task Put_MaxDurationSetLive_AppliesToTheOpenConnection()
    {
        var listener = BoundedListener("later");
        await CreateAsync(_server, listener);
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("later", "/echo"));
        await ListedAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await AssertEchoesAsync(socket, "no limit yet");

        listener["maxConnectionDurationMs"] = 5000;
        await UpdateAsync(_server, listener);
        var closing = socket.ReceiveCloseAsync();
        await AdvanceUntilAsync(closing, TimeSpan.FromSeconds(5));

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await closing).CloseStatus);
    }

    [Fact]
    public async Task Heartbeat_ApiOnBoundedListener_ClosedAtTheShorterOfListenerAndApi()
    {
        await using var backend = await TestBackend.StartAsync("backend");
        var listener = BoundedListener("ceiling");
        listener["maxConnectionDurationMs"] = 3000;
        await CreateAsync(_server, listener);
        await _server.PublishApiAsync("ceiling_api", "/ceiling", [backend.Url("/echo")], new { listeners = new[] { "ceiling" }, limits = new { maxConnectionDurationMs = 60_000 } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("ceiling", "/ceiling/v1"));
        await ListedAsync(1);
        await AssertEchoesAsync(socket, "relayed");

        var closing = socket.ReceiveCloseAsync();
        await AdvanceUntilAsync(closing, TimeSpan.FromSeconds(10));

        var close = await closing;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        Assert.Equal("maximum connection duration reached", close.CloseDescription);
    }

    [Fact]
    public async Task Post_NegativeEndpointDuration_400NamingTheEndpoint()
    {
        var listener = BoundedListener("negative");
        listener["endpoints"] = new JsonArray(new JsonObject { ["path"] = "/echo", ["maxConnectionDurationMs"] = -1 });

        using var response = await _server.PostJsonAsync("/api/v1/listeners", listener);

        Assert.NotEmpty(Messages(await ReadValidationProblemAsync(response), "endpoints[0].maxConnectionDurationMs"));
    }

    /// <summary>An echo listener that neither idles out nor pings, so only the duration limit closes its connections.</summary>
    private static JsonObject BoundedListener(string id)
    {
        var listener = EchoListener(id);
        listener["idleTimeoutMs"] = 0;
        listener["keepAliveIntervalMs"] = 0;
        return listener;
    }

    /// <summary>The client's handshake completes a moment before the server lists the connection and starts timing it.</summary>
    private Task ListedAsync(int count) =>
        Eventually.TrueAsync(
            async () => (await _server.GetJsonAsync("/api/v1/connections")).GetArrayLength() == count,
            TimeSpan.FromSeconds(10),
            "the connections are listed");

    /// <summary>Moves the clock a second at a time, as the heartbeat would see real time pass, until the close arrives.</summary>
    private async Task AdvanceUntilAsync(Task closing, TimeSpan atMost)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < atMost && !closing.IsCompleted; elapsed += TimeSpan.FromSeconds(1))
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(closing, Task.Delay(100));
        }
    }
}
