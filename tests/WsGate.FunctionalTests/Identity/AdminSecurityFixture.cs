using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>One server for the admin role, CSRF, audit and users tests, with one user per role and one without.</summary>
public sealed class AdminSecurityFixture : IAsyncLifetime
{
    public const string Password = "role-user-Pw-4h7k2";

    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        await Server.ImportAsync("""
            identity:
              lockout:
                maxFailures: 0
                failureDelayMs: 0
            """);
        await Server.CreateUserAsync("pub", Password, ["publisher"]);
        await Server.CreateUserAsync("op", Password, ["operator"]);
        await Server.CreateUserAsync("sub1", Password, ["subscriber"]);
        await Server.CreateUserAsync("sub2", Password, ["subscriber"]);
        await Server.CreateUserAsync("norole", Password);
    }

    public HttpClient ClientFor(string user) => Server.ClientFor(user, Password);

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();
}
