using WsGate.Testing;

namespace WsGate.ConformanceTests;

/// <summary>
/// One in-process WsGate with two APIs relaying to its own <c>/echo</c>: <c>/frames/v1</c> in frames mode and
/// <c>/stream/v1</c> in stream mode. Each test class that uses it gets its own server, so the classes run in parallel.
/// </summary>
public sealed class GatewayServerFixture : IAsyncLifetime
{
    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("the server is not started");

    public Uri UriFor(GatewayTarget target) => Server.ListenerUri("default", target == GatewayTarget.Frames ? "/frames/v1" : "/stream/v1");

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.PublishApiAsync("frames", "/frames", [_server.EchoUri]);
        await _server.PublishApiAsync("stream", "/stream", [_server.EchoUri], new { relayMode = "stream" });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
