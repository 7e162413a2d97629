using System.Net;
using System.Text.Json;
using WsGate.FunctionalTests.Identity;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Throttling;

/// <summary>
/// One WsGate on a manual clock and one backend for every throttling test (starting WsGate hashes a password with PBKDF2).
/// Tests publish APIs, tiers and endpoints under names of their own, so their buckets and caps never meet; the clock only
/// moves while a test's own connections are open.
/// </summary>
public sealed class ThrottlingFixture : IAsyncLifetime
{
    public const string Collection = "throttling";

    public ManualTimeProvider Clock { get; } = new();

    public TestServer Server { get; private set; } = null!;

    public TestBackend Backend { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(time: Clock);
        Backend = await TestBackend.StartAsync("throttled");
        await Server.CreateUserAsync("owner", "owner-password-1", roles: ["subscriber"]);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Backend.DisposeAsync();
    }

    /// <summary>Publishes an echo API with the given throttling section, open to API keys and anonymous clients.</summary>
    public Task PublishAsync(string id, object? throttling = null, bool keysOnly = false) =>
        Server.PublishApiAsync(id, "/" + id, [Backend.Url("/echo")], new
        {
            throttling = throttling ?? new { },
            authentication = new { modes = keysOnly ? new[] { "apiKey" } : new[] { "apiKey", "anonymous" } },
        });

    /// <summary>Creates a tier through the admin API.</summary>
    public async Task CreateTierAsync(object tier)
    {
        using var response = await Server.PostJsonAsync("/api/v1/tiers", tier);
        await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.Created);
    }

    /// <summary>An application subscribed to <paramref name="apiId"/> on <paramref name="tier"/>; returns its API key.</summary>
    public async Task<string> SubscribedKeyAsync(string name, string apiId, string tier)
    {
        var app = await Server.CreateApplicationAsync("owner", name);
        var keys = await Server.GenerateKeysAsync(app);
        using var response = await Server.PostJsonAsync($"/api/v1/applications/{app}/subscriptions", new { apiId, tier });
        await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.Created);
        return keys.GetProperty("apiKey").GetString()!;
    }

    /// <summary>The one open connection to <paramref name="apiId"/> as the admin API lists it.</summary>
    public async Task<JsonElement> ConnectionAsync(string apiId) =>
        (await Server.ConnectionsOfAsync(apiId, 1)).Single();

    /// <summary>Moves the clock a step at a time until <paramref name="task"/> completes (a bounded number of steps).</summary>
    public async Task AdvanceUntilAsync(Task task, TimeSpan step, int steps = 20)
    {
        for (var i = 0; i < steps && !task.IsCompleted; i++)
        {
            Clock.Advance(step);
            await Task.WhenAny(task, Task.Delay(200));
        }
    }
}
