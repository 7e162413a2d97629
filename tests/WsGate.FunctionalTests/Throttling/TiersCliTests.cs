using System.Text.Json;
using WsGate.FunctionalTests.Identity;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Throttling;

/// <summary>The real <c>wsgate tiers</c> verbs against the running throttling server.</summary>
[Collection(ThrottlingFixture.Collection)]
public sealed class TiersCliTests(ThrottlingFixture fixture)
{
    [Fact]
    public async Task CreateListDelete_Tier_RoundTripsThroughAdminApi()
    {
        var (created, _, createError) = await RunAsync("tiers", "create", "CliTier", "--messages", "30", "--window-ms", "1000", "--action", "backpressure", "--max-connections-per-app", "4");
        Assert.True(created == 0, createError);

        var (listed, stdout, _) = await RunAsync("tiers", "list", "--json");
        Assert.Equal(0, listed);
        var tier = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "CliTier");
        Assert.Equal(30, tier.GetProperty("rate").GetProperty("messagesPerWindow").GetInt64());
        Assert.Equal("backpressure", tier.GetProperty("rate").GetProperty("action").GetString());
        Assert.Equal(4, tier.GetProperty("maxConnectionsPerApplication").GetInt32());

        var (deleted, _, _) = await RunAsync("tiers", "delete", "CliTier");
        Assert.Equal(0, deleted);
        Assert.DoesNotContain("CliTier", (await RunAsync("tiers", "list", "--json")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ZeroWindow_ExitsThreeNamingField()
    {
        var (exit, _, stderr) = await RunAsync("tiers", "create", "CliBad", "--messages", "5", "--window-ms", "0");

        Assert.Equal(3, exit);
        Assert.Contains("rate.windowMs", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppsSubscribe_TierTheApiOffersOrNot_SubscribesOrExitsThreeNamingTier()
    {
        await fixture.Server.PublishApiAsync("cli_offer", "/cli_offer", [fixture.Backend.Url("/echo")], new { tiers = new[] { "Gold" } });
        var app = await fixture.Server.CreateApplicationAsync("owner", "cli-offer-app");

        var (refused, _, refusedError) = await RunAsync("apps", "subscribe", app, "cli_offer", "--tier", "Bronze");
        var (subscribed, stdout, subscribeError) = await RunAsync("apps", "subscribe", app, "cli_offer", "--json");

        Assert.Equal(3, refused);
        Assert.Contains("tier", refusedError, StringComparison.Ordinal);
        Assert.Contains("offered under Gold", refusedError, StringComparison.Ordinal);
        Assert.True(subscribed == 0, subscribeError);
        Assert.Equal("Gold", JsonDocument.Parse(stdout).RootElement.GetProperty("tier").GetString());
    }

    [Fact]
    public async Task AppsCallbacks_SetBadAndCleared_ReplacesTheListOrExitsNamingTheUrl()
    {
        var app = await fixture.Server.CreateApplicationAsync("owner", "cli-callback-app");

        var (set, stdout, setError) = await RunAsync("apps", "callbacks", app, "https://app.example.com/cb", "http://127.0.0.1:8765/cb", "--json");
        var (refused, _, refusedError) = await RunAsync("apps", "callbacks", app, "https://app.example.com/ok", "http://app.example.com/cb");
        var afterRefusal = (await fixture.Server.GetJsonAsync($"/api/v1/applications/{app}")).GetProperty("callbackUrls");
        var (usage, _, usageError) = await RunAsync("apps", "callbacks", app);
        var (cleared, _, clearError) = await RunAsync("apps", "callbacks", app, "--none");

        Assert.True(set == 0, setError);
        Assert.Equal(["https://app.example.com/cb", "http://127.0.0.1:8765/cb"], JsonDocument.Parse(stdout).RootElement.GetProperty("callbackUrls").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(3, refused);
        Assert.Contains("callbackUrls[1]", refusedError, StringComparison.Ordinal);
        Assert.Contains("loopback", refusedError, StringComparison.Ordinal);
        Assert.Equal(2, afterRefusal.GetArrayLength());
        Assert.Equal(2, usage);
        Assert.Contains("--none", usageError, StringComparison.Ordinal);
        Assert.True(cleared == 0, clearError);
        Assert.Equal(0, (await fixture.Server.GetJsonAsync($"/api/v1/applications/{app}")).GetProperty("callbackUrls").GetArrayLength());
    }

    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] arguments) => fixture.Server.RunCliAsync(arguments);
}
