using System.Net;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>The environment header picks the production or the sandbox endpoints.</summary>
public sealed class EnvironmentRoutingTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private TestBackend _production = null!;
    private TestBackend _sandbox = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _production = await TestBackend.StartAsync("production-backend");
        _sandbox = await TestBackend.StartAsync("sandbox-backend");
        await _server.PublishApiAsync("orders", "/orders", [_production.Url("/name")], sandbox: [_sandbox.Url("/name")]);
        await _server.PublishApiAsync("live", "/live", [_production.Url("/name")]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _production.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Theory]
    [InlineData(null, "production-backend")]
    [InlineData("production", "production-backend")]
    [InlineData("sandbox", "sandbox-backend")]
    [InlineData("Sandbox", "sandbox-backend")]
    public async Task EnvironmentHeader_Value_PicksThatEnvironmentsBackend(string? environment, string expected)
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/orders/v1"), o =>
        {
            if (environment is not null)
            {
                o.SetRequestHeader("X-WsGate-Environment", environment);
            }
        });

        Assert.Equal(expected, await socket.ReceiveTextAsync());
        var connection = Assert.Single((await _server.GetJsonAsync("/api/v1/connections")).EnumerateArray());
        Assert.Equal(expected == "sandbox-backend" ? "sandbox" : "production", connection.GetProperty("environment").GetString());
    }

    [Fact]
    public async Task EnvironmentHeader_UnknownValue_Returns400()
    {
        var refusal = await _server.RefusedHandshakeAsync("/orders/v1", r => r.Headers.Add("X-WsGate-Environment", "staging"));

        Assert.Equal(HttpStatusCode.BadRequest, refusal.Status);
        Assert.Contains("'staging'", refusal.Detail, StringComparison.Ordinal);
        Assert.Empty(_production.Handshakes);
        Assert.Empty(_sandbox.Handshakes);
    }

    [Fact]
    public async Task EnvironmentHeader_SandboxWithoutSandboxEndpoints_Returns503()
    {
        var refusal = await _server.RefusedHandshakeAsync("/live/v1", r => r.Headers.Add("X-WsGate-Environment", "sandbox"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusal.Status);
        Assert.Contains("no sandbox endpoints", refusal.Detail, StringComparison.Ordinal);
        Assert.Empty(_production.Handshakes);
    }
}
