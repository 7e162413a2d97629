using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using WsGate.FunctionalTests.Identity;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Throttling;

/// <summary>
/// The tiers an API offers (<c>tiers</c>): subscriptions under any other refused naming the offered ones, unknown tiers
/// refused with their path, a tier an API offers kept from deletion, and subscriptions under a tier later dropped kept.
/// </summary>
[Collection(ThrottlingFixture.Collection)]
public sealed class ApiTierOfferTests(ThrottlingFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Subscribe_TierTheApiDoesNotOffer_400NamingOfferedTiers()
    {
        await PublishAsync("offer_gold_silver", ["Gold", "Silver"]);
        var app = await _server.CreateApplicationAsync("owner", "offer-refused-app");

        using var response = await _server.PostJsonAsync($"/api/v1/applications/{app}/subscriptions", new { apiId = "offer_gold_silver", tier = "Bronze" });

        var problem = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(
            "API 'offer_gold_silver' is not offered under the Bronze tier; it is offered under Gold, Silver",
            problem.GetProperty("errors").GetProperty("tier")[0].GetString());
        var application = await _server.GetJsonAsync($"/api/v1/applications/{app}");
        Assert.Equal(0, application.GetProperty("subscriptions").GetArrayLength());
    }

    [Fact]
    public async Task Subscribe_OfferedTierOrNone_201UnderOfferedTier()
    {
        await PublishAsync("offer_silver_gold", ["Silver", "Gold"]);
        var chosen = await _server.CreateApplicationAsync("owner", "offer-chosen-app");
        var defaulted = await _server.CreateApplicationAsync("owner", "offer-default-app");

        using var gold = await _server.PostJsonAsync($"/api/v1/applications/{chosen}/subscriptions", new { apiId = "offer_silver_gold", tier = "gold" });
        using var none = await _server.PostJsonAsync($"/api/v1/applications/{defaulted}/subscriptions", new { apiId = "offer_silver_gold" });

        Assert.Equal("Gold", (await IdentityTestExtensions.ExpectAsync(gold, HttpStatusCode.Created)).GetProperty("tier").GetString());
        // Unlimited is not offered, so a subscription naming no tier gets the first the API lists.
        Assert.Equal("Silver", (await IdentityTestExtensions.ExpectAsync(none, HttpStatusCode.Created)).GetProperty("tier").GetString());
    }

    [Fact]
    public async Task CreateApi_UnknownOrRepeatedTier_400AtTierPath()
    {
        var body = new
        {
            id = "offer_unknown",
            name = "offer_unknown",
            context = "/offer-unknown",
            version = "v1",
            tiers = new[] { "Gold", "Nope", "gold" },
        };

        using var response = await _server.PostJsonAsync("/api/v1/apis", body);

        var problem = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.StartsWith("no tier 'Nope'", errors.GetProperty("tiers[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("tier 'gold' is listed twice", errors.GetProperty("tiers[2]")[0].GetString());
        using var missing = await _server.Admin.GetAsync("/api/v1/apis/offer_unknown");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Import_ApiOfferingUnknownTier_RefusedWithDocumentPath()
    {
        var import = """
            apis:
              - id: offer_imported_bad
                name: offer_imported_bad
                context: /offer-imported-bad
                version: v1
                tiers: [Gold, Missing]
            """;
        using var body = new StringContent(import, Encoding.UTF8, "application/yaml");
        using var response = await _server.Admin.PostAsync("/api/v1/config/import", body);

        var problem = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("apis[0].tiers[1]", out _), problem.GetRawText());
    }

    [Fact]
    public async Task ExportImport_ApiTiers_RoundTripWithTierOfSameDocument()
    {
        var import = """
            tiers:
              - name: OfferPlatinum
                rate:
                  messagesPerWindow: 9
            apis:
              - id: offer_imported
                name: offer_imported
                context: /offer-imported
                version: v1
                tiers: [OfferPlatinum, Gold]
            """;
        using var body = new StringContent(import, Encoding.UTF8, "application/yaml");
        using var response = await _server.Admin.PostAsync("/api/v1/config/import", body);
        await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.OK);

        var api = await _server.GetJsonAsync("/api/v1/apis/offer_imported");
        Assert.Equal(["OfferPlatinum", "Gold"], api.GetProperty("config").GetProperty("tiers").EnumerateArray().Select(t => t.GetString()));
        var yaml = await _server.Admin.GetStringAsync("/api/v1/config/export");
        var exported = yaml[yaml.IndexOf("id: offer_imported", StringComparison.Ordinal)..];
        Assert.Contains("OfferPlatinum", exported.Split("- id:")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteTier_OfferedByAnApi_409NamingTheApi()
    {
        await fixture.CreateTierAsync(new { name = "OfferedOnly" });
        await PublishAsync("offer_keeps_tier", ["OfferedOnly"]);

        using var response = await _server.Admin.DeleteAsync("/api/v1/tiers/OfferedOnly");

        var problem = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("tier 'OfferedOnly' is offered by API 'offer_keeps_tier'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await _server.GetJsonAsync("/api/v1/tiers/OfferedOnly");
    }

    [Fact]
    public async Task DropTierFromApi_ExistingSubscription_KeepsWorkingMarkedNotOffered()
    {
        await PublishAsync("offer_dropped", ["Silver", "Gold"]);
        var key = await fixture.SubscribedKeyAsync("offer-dropped-app", "offer_dropped", "Silver");

        var config = JsonNode.Parse((await _server.GetJsonAsync("/api/v1/apis/offer_dropped")).GetProperty("config").GetRawText())!.AsObject();
        config["tiers"] = new JsonArray("Gold");
        using var put = await _server.PutJsonAsync("/api/v1/apis/offer_dropped", config);
        await IdentityTestExtensions.ExpectAsync(put, HttpStatusCode.OK);

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/offer_dropped/v1"), o => o.SetRequestHeader("X-API-Key", key));
        Assert.Equal("still served", await socket.EchoAsync("still served"));
        var application = (await _server.GetJsonAsync("/api/v1/applications")).EnumerateArray().Single(a => a.GetProperty("name").GetString() == "offer-dropped-app");
        var subscription = application.GetProperty("subscriptions").EnumerateArray().Single();
        Assert.Equal("Silver", subscription.GetProperty("tier").GetString());
        Assert.False(subscription.GetProperty("tierOffered").GetBoolean());
        using var again = await _server.PostJsonAsync($"/api/v1/applications/{application.GetProperty("id").GetString()}/subscriptions", new { apiId = "offer_dropped", tier = "Silver" });
        await IdentityTestExtensions.ExpectAsync(again, HttpStatusCode.BadRequest);
    }

    private Task PublishAsync(string id, string[] tiers) =>
        _server.PublishApiAsync(id, "/" + id, [fixture.Backend.Url("/echo")], new { tiers, authentication = new { modes = new[] { "apiKey" } } });
}
