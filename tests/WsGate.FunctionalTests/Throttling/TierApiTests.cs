using System.Net;
using System.Text;
using System.Text.Json;
using WsGate.FunctionalTests.Identity;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Throttling;

/// <summary>The tiers resource of the admin API: defaults, bad input refused with the field named, in-use protection, export/import.</summary>
[Collection(ThrottlingFixture.Collection)]
public sealed class TierApiTests(ThrottlingFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task List_NewServer_HasWso2Defaults()
    {
        var tiers = (await _server.GetJsonAsync("/api/v1/tiers")).EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();

        Assert.Equal(["Unlimited", "Gold", "Silver", "Bronze"], tiers.Take(4));
        var gold = await _server.GetJsonAsync("/api/v1/tiers/gold");
        Assert.Equal(5000, gold.GetProperty("rate").GetProperty("messagesPerWindow").GetInt64());
        Assert.Equal(60_000, gold.GetProperty("rate").GetProperty("windowMs").GetInt32());
    }

    [Theory]
    [InlineData("""{"name":"Bad","rate":{"messagesPerWindow":10,"windowMs":0}}""", "rate.windowMs")]
    [InlineData("""{"name":"Bad","rate":{"messagesPerWindow":10,"windowMs":-5}}""", "rate.windowMs")]
    [InlineData("""{"name":"Bad","rate":{"messagesPerWindow":10,"action":"explode"}}""", "rate.action")]
    [InlineData("""{"name":"Bad","rate":{"messagesPerWindow":10,"count":"sideways"}}""", "rate.count")]
    [InlineData("""{"name":"Bad","rate":{"messagesPerWindow":10,"burst":11}}""", "rate.burst")]
    [InlineData("""{"name":"Bad","rate":{"bytesPerWindow":100}}""", "rate.bytesPerWindow")]
    [InlineData("""{"name":"Bad","rate":{"messagesPerWindow":-1}}""", "rate.messagesPerWindow")]
    [InlineData("""{"name":"Bad","rate":{"messagesPerWindow":1,"errorMessage":"not json"}}""", "rate.errorMessage")]
    [InlineData("""{"name":"Bad","maxConnectionsPerApplication":2,"maxConnectionsPerUser":3}""", "maxConnectionsPerUser")]
    [InlineData("""{"name":"Bad","maxConnectionsPerApplication":-1}""", "maxConnectionsPerApplication")]
    [InlineData("""{"name":"no spaces allowed"}""", "name")]
    public async Task Create_BadTier_400NamingField(string body, string field)
    {
        using var requestBody = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _server.Admin.PostAsync("/api/v1/tiers", requestBody);

        var problem = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task CreateApi_UnknownOverflowAction_400NamingField()
    {
        var body = new
        {
            id = "bad_queue",
            name = "bad",
            context = "/bad-queue",
            version = "v1",
            throttling = new { outboundQueue = new { overflow = "explode" } },
        };
        using var response = await _server.PostJsonAsync("/api/v1/apis", body);

        var problem = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("throttling.outboundQueue.overflow", out _), problem.GetRawText());
    }

    [Fact]
    public async Task Delete_TierInUse_409NamingSubscription()
    {
        await fixture.CreateTierAsync(new { name = "Busy" });
        await fixture.PublishAsync("tier_busy", keysOnly: true);
        await fixture.SubscribedKeyAsync("busy-app", "tier_busy", "Busy");

        using var response = await _server.Admin.DeleteAsync("/api/v1/tiers/Busy");

        var problem = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("tier 'Busy' is used by 1 subscription(s)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await _server.GetJsonAsync("/api/v1/tiers/Busy")).GetProperty("subscriptions").GetInt32());
    }

    [Fact]
    public async Task Delete_UnusedTier_GoneAndNoLongerSubscribable()
    {
        await fixture.CreateTierAsync(new { name = "Brief" });
        await fixture.PublishAsync("tier_brief", keysOnly: true);

        using var deleted = await _server.Admin.DeleteAsync("/api/v1/tiers/Brief");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var app = await _server.CreateApplicationAsync("owner", "brief-app");
        using var subscribe = await _server.PostJsonAsync($"/api/v1/applications/{app}/subscriptions", new { apiId = "tier_brief", tier = "Brief" });
        var problem = await IdentityTestExtensions.ExpectAsync(subscribe, HttpStatusCode.BadRequest);
        Assert.Contains("Gold", problem.GetProperty("errors").GetProperty("tier")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportImport_Tiers_RoundTripAndMergeByName()
    {
        await fixture.CreateTierAsync(new { name = "Exported", rate = new { messagesPerWindow = 42, windowMs = 1000, action = "backpressure" } });

        var yaml = await _server.Admin.GetStringAsync("/api/v1/config/export");
        Assert.Contains("name: Exported", yaml, StringComparison.Ordinal);

        var import = """
            tiers:
              - name: Imported
                rate:
                  messagesPerWindow: 7
                  count: both
                  action: close
                maxConnectionsPerApplication: 3
            """;
        using var requestBody = new StringContent(import, Encoding.UTF8, "application/yaml");
        using var response = await _server.Admin.PostAsync("/api/v1/config/import", requestBody);
        await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.OK);
        var imported = await _server.GetJsonAsync("/api/v1/tiers/Imported");
        Assert.Equal("close", imported.GetProperty("rate").GetProperty("action").GetString());
        Assert.Equal(3, imported.GetProperty("maxConnectionsPerApplication").GetInt32());
        Assert.Equal(42, (await _server.GetJsonAsync("/api/v1/tiers/Exported")).GetProperty("rate").GetProperty("messagesPerWindow").GetInt64());
    }

    [Fact]
    public async Task Import_BadTier_RefusedWithDocumentPath()
    {
        var import = """
            tiers:
              - name: Broken
                rate:
                  windowMs: 0
            """;
        using var requestBody = new StringContent(import, Encoding.UTF8, "application/yaml");
        using var response = await _server.Admin.PostAsync("/api/v1/config/import", requestBody);

        var problem = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("tiers[0].rate.windowMs", out _), problem.GetRawText());
        using var missing = await _server.Admin.GetAsync("/api/v1/tiers/Broken");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
