using System.Net;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>The environment header picks the production or the sandbox endpoints.</summary>
public sealed class EnvironmentRoutingTests(EnvironmentRoutingTests.Fixture fixture) : IClassFixture<EnvironmentRoutingTests.Fixture>
{
    private readonly TestServer _server = fixture.Server;
    private readonly TestBackend _production = fixture.Backend;
    private readonly TestBackend _sandbox = fixture.Sandbox;

    [Theory]
    [InlineData(null, "primary")]
    [InlineData("production", "primary")]
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
        var connection = Assert.Single(await _server.ConnectionsOfAsync("orders", 1));
        Assert.Equal(expected == "sandbox-backend" ? "sandbox" : "production", connection.GetProperty("environment").GetString());
    }

    [Fact]
    public async Task EnvironmentHeader_UnknownValue_Returns400()
    {
        var handshakes = _production.Handshakes.Count + _sandbox.Handshakes.Count;

        var refusal = await _server.RefusedHandshakeAsync("/orders/v1", r => r.Headers.Add("X-WsGate-Environment", "staging"));

        Assert.Equal(HttpStatusCode.BadRequest, refusal.Status);
        Assert.Contains("'staging'", refusal.Detail, StringComparison.Ordinal);
        Assert.Equal(handshakes, _production.Handshakes.Count + _sandbox.Handshakes.Count);
    }

    [Fact]
    public async Task EnvironmentHeader_SandboxWithoutSandboxEndpoints_Returns503()
    {
        var handshakes = _production.Handshakes.Count;

        var refusal = await _server.RefusedHandshakeAsync("/live/v1", r => r.Headers.Add("X-WsGate-Environment", "sandbox"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusal.Status);
        Assert.Contains("no sandbox endpoints", refusal.Detail, StringComparison.Ordinal);
        Assert.Equal(handshakes, _production.Handshakes.Count);
    }

    public sealed class Fixture : GatewayFixture
    {
        public TestBackend Sandbox { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Sandbox = await TestBackend.StartAsync("sandbox-backend");
            await Server.PublishApiAsync("orders", "/orders", [Backend.Url("/name")], sandbox: [Sandbox.Url("/name")]);
            await Server.PublishApiAsync("live", "/live", [Backend.Url("/name")]);
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Sandbox.DisposeAsync();
        }
    }
}
