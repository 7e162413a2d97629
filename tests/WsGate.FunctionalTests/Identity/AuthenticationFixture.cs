using WsGate.FunctionalTests.Gateway;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>
/// One server shared by the authentication mode tests (each sets the listener's authentication it needs): users alice
/// (group ops), bob (disabled) and carol, an application of carol's subscribed to API <c>all</c>, which accepts every
/// mode but anonymous and relays to the backend's <c>/headers</c>. Lockout is off so refusals do not lock 127.0.0.1 out.
/// </summary>
public sealed class AuthenticationFixture : IAsyncLifetime
{
    public const string AlicePassword = "alice-Pw-7f3k9q";
    public const string BobPassword = "bob-Pw-disabled-2x";
    public const string CarolPassword = "carol-Pw-8h2m1z";
    public const string JwtSecret = "an-hs256-secret-that-is-long-enough-0123456789";
    public const string JwtIssuer = "https://issuer.test";

    public TestServer Server { get; private set; } = null!;

    public TestBackend Backend { get; private set; } = null!;

    public string ApiKey { get; private set; } = "";

    public string Token { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        Backend = await TestBackend.StartAsync("backend");
        await Server.ImportAsync($"""
            identity:
              lockout:
                maxFailures: 0
                failureDelayMs: 0
              jwtIssuers:
                - name: ext
                  issuer: {JwtIssuer}
                  audience: wsgate
                  hmacSecret: {JwtSecret}
            """);
        using (var group = await Server.PostJsonAsync("/api/v1/groups", new { name = "ops" }))
        {
            await IdentityTestExtensions.ExpectAsync(group, System.Net.HttpStatusCode.Created);
        }

        await Server.CreateUserAsync("alice", AlicePassword, groups: ["ops"]);
        await Server.CreateUserAsync("bob", BobPassword, enabled: false);
        await Server.CreateUserAsync("carol", CarolPassword);
        await Server.PublishApiAsync(
            "all",
            "/all",
            [Backend.Url("/headers")],
            new { authentication = new { modes = new[] { "basic", "url", "apiKey", "oauth2", "jwt" }, apiKeyHeader = "X-Custom-Key", apiKeyQuery = "ck", jwtIssuer = "ext" } });
        var app = await Server.CreateApplicationAsync("carol", "carol-app");
        var keys = await Server.GenerateKeysAsync(app);
        await Server.SubscribeAsync(app, "all");
        ApiKey = keys.GetProperty("apiKey").GetString()!;
        Token = await Server.RequestTokenAsync(keys);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Backend.DisposeAsync();
    }
}
