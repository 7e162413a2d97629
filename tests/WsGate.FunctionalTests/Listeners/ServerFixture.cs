using WsGate.Testing;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>One server shared by the tests of a class that only read from it or whose changes are all refused.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
