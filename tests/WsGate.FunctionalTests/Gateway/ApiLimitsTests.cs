using System.Net;
using System.Net.WebSockets;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>
/// Per-API limits. Time-based ones run on a manual clock: the heartbeat ticks once a second on the injected clock, so the
/// tests advance it a second at a time, as real time would, and then wait for the close.
/// </summary>
public sealed class ApiLimitsTests : IClassFixture<ManualClockGatewayFixture>
{
    private readonly ManualTimeProvider _clock;
    private readonly DateTimeOffset _opened;
    private readonly TestServer _server;
    private readonly TestBackend _backend;

    public ApiLimitsTests(ManualClockGatewayFixture fixture)
    {
        _clock = fixture.Clock;
        _opened = _clock.GetUtcNow();
        _server = fixture.Server;
        _backend = fixture.Backend;
    }

    [Fact]
    public async Task MaxMessageSize_Exceeded_ClosesWith1009()
    {
        await _server.PublishApiAsync("small", "/small", [_backend.Url("/echo")], new { limits = new { maxMessageSize = 1024 } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/small/v1"));
        Assert.Equal(new string('a', 1024), await socket.EchoAsync(new string('a', 1024)));

        await socket.SendBinaryAsync(new byte[2048]);
        var close = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, close.CloseStatus);
        await Eventually.TrueAsync(() => _backend.ClosesReceived.Any(c => c.Reason == "client closed for an oversized message"), because: "the backend leg is closed too");
    }

    [Fact]
    public async Task MaxConnections_Reached_Returns503WithRetryAfter()
    {
        await _server.PublishApiAsync("single", "/single", [_backend.Url("/echo")], new { limits = new { maxConnections = 1 } });
        using var first = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/single/v1"));

        var refusal = await _server.RefusedHandshakeAsync("/single/v1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusal.Status);
        Assert.NotNull(refusal.Headers.RetryAfter?.Delta);
        Assert.Contains("limit of 1 connections", refusal.Detail, StringComparison.Ordinal);
        Assert.Equal("first still open", await first.EchoAsync("first still open"));
    }

    [Fact]
    public async Task MaxConnections_SlotFreed_NextHandshakeSucceeds()
    {
        await _server.PublishApiAsync("single_freed", "/single-freed", [_backend.Url("/echo")], new { limits = new { maxConnections = 1 } });
        using (var first = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/single-freed/v1")))
        {
            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        await Eventually.TrueAsync(async () => (await _server.GetJsonAsync("/api/v1/apis/single_freed")).GetProperty("activeConnections").GetInt32() == 0);
        using var second = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/single-freed/v1"));

        Assert.Equal("second", await second.EchoAsync("second"));
    }

    [Fact]
    public async Task IdleTimeout_NothingReceived_ClosesWith1001()
    {
        await _server.PublishApiAsync("quiet", "/quiet", [_backend.Url("/echo")], new { limits = new { idleTimeoutMs = 3000 } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/quiet/v1"));
        var closing = socket.ReceiveCloseAsync();

        await AdvanceUntilAsync(closing, TimeSpan.FromSeconds(10));

        var close = await closing;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        Assert.Equal("client idle timeout", close.CloseDescription);
        Assert.True(_clock.GetUtcNow() - _opened >= TimeSpan.FromSeconds(3), "closed before the idle timeout");
    }

    [Fact]
    public async Task BackendIdleTimeout_BackendSilentWhileClientTalks_ClosesWith1001NamingTheBackend()
    {
        await _server.PublishApiAsync("quiet_backend", "/quiet-backend", [_backend.Url("/sink")], new { limits = new { backendIdleTimeoutMs = 3000 } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/quiet-backend/v1"));
        var closing = socket.ReceiveCloseAsync();

        // The client keeps talking, so only the backend's silence can close it.
        for (var second = 1; second <= 6 && !closing.IsCompleted; second++)
        {
            await socket.SendTextAsync("tick " + second);
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(closing, Task.Delay(100));
        }

        var close = await closing.WaitAsync(WebSocketTestExtensions.DefaultTimeout);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        Assert.Equal("backend idle timeout", close.CloseDescription);
        Assert.True(_clock.GetUtcNow() - _opened >= TimeSpan.FromSeconds(3), "closed before the backend idle timeout");
    }

    [Fact]
    public async Task BackendIdleTimeout_BackendAnswering_StaysOpen()
    {
        await _server.PublishApiAsync("talking_backend", "/talking-backend", [_backend.Url("/echo")], new { limits = new { backendIdleTimeoutMs = 2000 } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/talking-backend/v1"));

        for (var second = 1; second <= 5; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("tick " + second, await socket.EchoAsync("tick " + second));
        }

        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task MaxConnectionDuration_Reached_ClosesWith1001EvenWhenBusy()
    {
        await _server.PublishApiAsync("bounded", "/bounded", [_backend.Url("/echo")], new { limits = new { maxConnectionDurationMs = 3000 } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/bounded/v1"));

        // The client keeps talking, so only the duration limit can close it.
        for (var second = 1; second < 3; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("tick " + second, await socket.EchoAsync("tick " + second));
        }

        var closing = socket.ReceiveCloseAsync();
        await AdvanceUntilAsync(closing, TimeSpan.FromSeconds(5));

        var close = await closing;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        Assert.Equal("maximum connection duration reached", close.CloseDescription);
    }

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
