using System.Net;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>
/// WSO2's DefaultApplication: a subscriber's first sign-in makes it, once per account and once under concurrent
/// sign-ins; staff get none, and it shows in the admin API's applications list.
/// </summary>
public sealed class DefaultApplicationTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task FirstSignIn_Subscriber_GetsOneDefaultApplicationListedByAdminApi()
    {
        await _server.CreateUserAsync("dana", "dana-password-1", roles: ["subscriber"]);
        Assert.Empty(await ApplicationsOfAsync("dana"));

        await SignInAsync("dana", "dana-password-1");
        await SignInAsync("dana", "dana-password-1");

        var application = Assert.Single(await ApplicationsOfAsync("dana"));
        Assert.Equal("DefaultApplication", application.GetProperty("name").GetString());
        Assert.Equal("dana", application.GetProperty("owner").GetString());
        Assert.Empty(application.GetProperty("subscriptions").EnumerateArray());
    }

    [Fact]
    public async Task SignIn_AfterDefaultApplicationDeleted_NotCreatedAgain()
    {
        await _server.CreateUserAsync("erin", "erin-password-1", roles: ["subscriber"]);
        await SignInAsync("erin", "erin-password-1");
        var id = Assert.Single(await ApplicationsOfAsync("erin")).GetProperty("id").GetString();
        using var deleted = await _server.Admin.DeleteAsync($"/api/v1/applications/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await SignInAsync("erin", "erin-password-1");

        Assert.Empty(await ApplicationsOfAsync("erin"));
    }

    [Fact]
    public async Task FirstSignIns_AtOnce_OneDefaultApplication()
    {
        await _server.CreateUserAsync("fay", "fay-password-1", roles: ["subscriber"]);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SignInAsync("fay", "fay-password-1")));

        Assert.Equal("DefaultApplication", Assert.Single(await ApplicationsOfAsync("fay")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task FirstSignIn_AlreadyHasOneNamedSo_KeepsItAndAddsNone()
    {
        await _server.CreateUserAsync("gil", "gil-password-1", roles: ["subscriber"]);
        using var created = await _server.PostJsonAsync("/api/v1/applications", new { name = "DefaultApplication", owner = "gil", description = "made by an admin" });
        await IdentityTestExtensions.ExpectAsync(created, HttpStatusCode.Created);

        await SignInAsync("gil", "gil-password-1");

        Assert.Equal("made by an admin", Assert.Single(await ApplicationsOfAsync("gil")).GetProperty("description").GetString());
    }

    [Fact]
    public async Task FirstSignIn_StaffWithoutSubscriberRole_NoApplication()
    {
        await _server.CreateUserAsync("hal", "hal-password-1", roles: ["operator"]);

        await SignInAsync("hal", "hal-password-1");

        Assert.Empty(await ApplicationsOfAsync("hal"));
    }

    private async Task SignInAsync(string username, string password)
    {
        var cookies = new CookieContainer();
        using var client = ConsoleSignIn.Client(_server.AdminAddress, cookies);
        await ConsoleSignIn.SignInAsync(client, username, password);
    }

    private async Task<List<JsonElement>> ApplicationsOfAsync(string owner) =>
        (await _server.GetJsonAsync($"/api/v1/applications?owner={owner}")).EnumerateArray().ToList();
}
