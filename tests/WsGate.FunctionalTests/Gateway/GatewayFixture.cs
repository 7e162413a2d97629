using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>
/// One WsGate and one backend shared by the tests of a class: starting WsGate hashes the admin password with PBKDF2,
/// slow by design, so a server per test would dominate the run. Tests publish APIs under ids of their own.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public TestBackend Backend { get; private set; } = null!;

    /// <summary>The clock WsGate runs on; null is the system clock.</summary>
    protected virtual TimeProvider? Time => null;

    public virtual async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(time: Time);
        Backend = await TestBackend.StartAsync("primary");
    }

    public virtual async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Backend.DisposeAsync();
    }
}
