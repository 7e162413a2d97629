using Microsoft.Extensions.DependencyInjection;
using WsGate.FunctionalTests.Gateway;
using WsGate.Identity;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>
/// A server on a manual clock for the live credential checks: 60 s tokens, a 2 s grace, no failure delay (a delay on a
/// manual clock would never end), Basic on the listener and an echoing API <c>live</c> taking tokens and API keys.
/// </summary>
public sealed class LiveCredentialFixture : IAsyncLifetime
{
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public TestServer Server { get; private set; } = null!;

    public TestBackend Backend { get; private set; } = null!;

    public CredentialMonitor Monitor => Server.Server.Services.GetRequiredService<CredentialMonitor>();

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(time: Clock);
        Backend = await TestBackend.StartAsync("backend");
        await Server.ImportAsync("""
            identity:
              accessTokenLifetimeSeconds: 60
              revalidationGraceMs: 2000
              lockout:
                failureDelayMs: 0
            """);
        await Server.SetListenerAuthenticationAsync(new { modes = new[] { "basic" } });
        await Server.PublishApiAsync("live", "/live", [Backend.Url("/echo")], new { authentication = new { modes = new[] { "oauth2", "apiKey" } } });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Backend.DisposeAsync();
    }
}
