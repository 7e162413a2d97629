using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Health;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>
/// Active health checks, driven by calling <see cref="BackendHealthMonitor.CheckDueAsync"/> directly. The clock is manual
/// and moves only by the 100 ms check interval (a few times in all), so the monitor's own one-second timer never fires.
/// Each test publishes its own API with one endpoint on a free port nothing listens on and one live backend.
/// </summary>
public sealed class HealthCheckTests : IClassFixture<ManualClockGatewayFixture>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly ManualTimeProvider _clock;
    private readonly TestServer _server;
    private readonly TestBackend _alive;
    private readonly int _deadPort = FreePort.Find();

    public HealthCheckTests(ManualClockGatewayFixture fixture)
    {
        _clock = fixture.Clock;
        _server = fixture.Server;
        _alive = fixture.Backend;
    }

    private Uri DeadUrl => new($"ws://127.0.0.1:{_deadPort}/name");

    [Fact]
    public async Task Check_DeadEndpoint_UnhealthyOnlyAfterThreshold()
    {
        await PublishAsync("threshold");

        await CheckAsync();
        var afterOne = await DeadEndpointAsync("threshold");
        _clock.Advance(Interval);
        await CheckAsync();
        var afterTwo = await DeadEndpointAsync("threshold");

        Assert.True(afterOne.GetProperty("healthy").GetBoolean());
        Assert.Equal("connection refused", afterOne.GetProperty("lastError").GetString());
        Assert.False(afterTwo.GetProperty("healthy").GetBoolean());
        Assert.Equal("connection refused", afterTwo.GetProperty("lastError").GetString());
        Assert.True(Endpoint(await _server.GetJsonAsync("/api/v1/apis/threshold"), _alive.Url("/name")).GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task RoundRobin_UnhealthyEndpoint_SkippedByNewConnections()
    {
        await PublishAsync("skipping");
        await MakeDeadEndpointUnhealthyAsync("skipping");

        var names = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/skipping/v1"));
            names.Add(await socket.ReceiveTextAsync());
        }

        Assert.All(names, n => Assert.Equal("primary", n));
        Assert.Equal(0, (await _server.GetJsonAsync("/api/v1/apis/skipping")).GetProperty("backendFailures").GetInt64());
    }

    [Fact]
    public async Task Check_BackendStartsListeningOnDeadPort_HealthyAgainAndUsed()
    {
        await PublishAsync("recovering");
        await MakeDeadEndpointUnhealthyAsync("recovering");

        // The port was only reserved by FreePort, never bound, so the revived backend can take it.
        await using var revived = await TestBackend.StartAsync("revived", port: _deadPort);
        _clock.Advance(Interval);
        await CheckAsync();

        var endpoint = await DeadEndpointAsync("recovering");
        Assert.True(endpoint.GetProperty("healthy").GetBoolean());
        Assert.False(endpoint.TryGetProperty("lastError", out var error) && error.ValueKind != JsonValueKind.Null, $"lastError: {error}");
        var names = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/recovering/v1"));
            names.Add(await socket.ReceiveTextAsync());
        }

        Assert.Equal(["primary", "revived"], names.Order());
    }

    private Task PublishAsync(string id) =>
        _server.PublishApiAsync(
            id,
            "/" + id,
            [DeadUrl, _alive.Url("/name")],
            new { healthCheck = new { enabled = true, intervalMs = (int)Interval.TotalMilliseconds, timeoutMs = 2000, unhealthyThreshold = 2 } });

    private async Task MakeDeadEndpointUnhealthyAsync(string id)
    {
        await CheckAsync();
        _clock.Advance(Interval);
        await CheckAsync();
        Assert.False((await DeadEndpointAsync(id)).GetProperty("healthy").GetBoolean());
    }

    /// <summary>Probes every endpoint that is due, the other tests' APIs' included; their state no longer matters.</summary>
    private Task CheckAsync() =>
        _server.Server.Services.GetRequiredService<BackendHealthMonitor>().CheckDueAsync(CancellationToken.None);

    private async Task<JsonElement> DeadEndpointAsync(string id) =>
        Endpoint(await _server.GetJsonAsync($"/api/v1/apis/{id}"), DeadUrl);

    private static JsonElement Endpoint(JsonElement api, Uri url) =>
        api.GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("url").GetString() == url.ToString());
}
