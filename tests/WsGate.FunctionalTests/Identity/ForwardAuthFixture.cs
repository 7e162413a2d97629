using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>One server, one session endpoint and one backend shared by the forward-mode tests; each test sets the authentication it needs.</summary>
public sealed class ForwardAuthFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public SessionEndpoint Endpoint { get; private set; } = null!;

    public TestBackend Backend { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        Endpoint = await SessionEndpoint.StartAsync();
        Backend = await TestBackend.StartAsync("backend");
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Endpoint.DisposeAsync();
        await Backend.DisposeAsync();
    }
}
