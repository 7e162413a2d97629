using WsGate.Testing;

namespace WsGate.ConformanceTests;

/// <summary>One in-process WsGate shared by every case of a test class; each case opens its own connection.</summary>
public sealed class EchoServerFixture : IAsyncLifetime
{
    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("the server is not started");

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
