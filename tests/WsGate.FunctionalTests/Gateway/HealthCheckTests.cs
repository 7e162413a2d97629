using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Health;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>
/// Active health checks, driven by calling <see cref="BackendHealthMonitor.CheckDueAsync"/> directly. The clock is manual
/// and only ever moves by the 100 ms check interval, so the monitor's own one-second timer never fires during a test.
/// </summary>
public sealed class HealthCheckTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly ManualTimeProvider _clock = new();
    private TestServer _server = null!;
    private TestBackend _alive = null!;
    private int _deadPort;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(time: _clock);
        _alive = await TestBackend.StartAsync("alive");
        _deadPort = FreePort.Find();
        await _server.PublishApiAsync(
            "checked",
            "/checked",
            [new Uri($"ws://127.0.0.1:{_deadPort}/name"), _alive.Url("/name")],
            new { healthCheck = new { enabled = true, intervalMs = (int)Interval.TotalMilliseconds, timeoutMs = 2000, unhealthyThreshold = 2 } });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _alive.DisposeAsync();
    }

    [Fact]
    public async Task Check_DeadEndpoint_UnhealthyOnlyAfterThreshold()
    {
        await CheckAsync();
        var afterOne = await DeadEndpointAsync();
        _clock.Advance(Interval);
        await CheckAsync();
        var afterTwo = await DeadEndpointAsync();

        Assert.True(afterOne.GetProperty("healthy").GetBoolean());
        Assert.Equal("connection refused", afterOne.GetProperty("lastError").GetString());
        Assert.False(afterTwo.GetProperty("healthy").GetBoolean());
        Assert.Equal("connection refused", afterTwo.GetProperty("lastError").GetString());
        Assert.True(Endpoint(await _server.GetJsonAsync("/api/v1/apis/checked"), _alive.Url("/name")).GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task RoundRobin_UnhealthyEndpoint_SkippedByNewConnections()
    {
        await MakeDeadEndpointUnhealthyAsync();

        var names = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/checked/v1"));
            names.Add(await socket.ReceiveTextAsync());
        }

        Assert.All(names, n => Assert.Equal("alive", n));
        Assert.Equal(0, (await _server.GetJsonAsync("/api/v1/apis/checked")).GetProperty("backendFailures").GetInt64());
    }

    [Fact]
    public async Task Check_BackendStartsListeningOnDeadPort_HealthyAgainAndUsed()
    {
        await MakeDeadEndpointUnhealthyAsync();

        // The port was only reserved by FreePort, never bound, so the revived backend can take it.
        await using var revived = await TestBackend.StartAsync("revived", port: _deadPort);
        _clock.Advance(Interval);
        await CheckAsync();

        var endpoint = await DeadEndpointAsync();
        Assert.True(endpoint.GetProperty("healthy").GetBoolean());
        Assert.False(endpoint.TryGetProperty("lastError", out var error) && error.ValueKind != JsonValueKind.Null, $"lastError: {error}");
        var names = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/checked/v1"));
            names.Add(await socket.ReceiveTextAsync());
        }

        Assert.Equal(["alive", "revived"], names.Order());
    }

    private async Task MakeDeadEndpointUnhealthyAsync()
    {
        await CheckAsync();
        _clock.Advance(Interval);
        await CheckAsync();
        Assert.False((await DeadEndpointAsync()).GetProperty("healthy").GetBoolean());
    }

    private Task CheckAsync() =>
        _server.Server.Services.GetRequiredService<BackendHealthMonitor>().CheckDueAsync(CancellationToken.None);

    private async Task<JsonElement> DeadEndpointAsync() =>
        Endpoint(await _server.GetJsonAsync("/api/v1/apis/checked"), new Uri($"ws://127.0.0.1:{_deadPort}/name"));

    private static JsonElement Endpoint(JsonElement api, Uri url) =>
        api.GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("url").GetString() == url.ToString());
}
