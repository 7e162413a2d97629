using System.Net;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>Invalid APIs are refused with 400 naming the field path, and nothing changes.</summary>
public sealed class ApiValidationTests(ApiValidationTests.Fixture fixture) : IClassFixture<ApiValidationTests.Fixture>
{
    private readonly TestServer _server = fixture.Server;

    [Theory]
    [InlineData("chat")]
    [InlineData("/")]
    [InlineData("/a//b")]
    public async Task Create_InvalidContext_Returns400NamingContext(string context)
    {
        await AssertRefusedAsync(Api(context: context), "context");
    }

    [Theory]
    [InlineData("")]
    [InlineData("v 1")]
    [InlineData("v1/beta")]
    public async Task Create_InvalidVersion_Returns400NamingVersion(string version)
    {
        await AssertRefusedAsync(Api(version: version), "version");
    }

    [Fact]
    public async Task Create_UnknownListener_Returns400NamingIt()
    {
        await AssertRefusedAsync(Api(listeners: ["default", "nowhere"]), "listeners[1]");
    }

    [Fact]
    public async Task Create_FtpBackendUrl_Returns400NamingTheUrl()
    {
        var errors = await AssertRefusedAsync(Api(urls: ["ftp://127.0.0.1/"]), "endpoints.production.urls[0]");

        Assert.Contains("ftp", errors.GetProperty("endpoints.production.urls[0]").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SameContextAndVersionOnSameListener_Returns400NamingContext()
    {
        var errors = await AssertRefusedAsync(Api(id: "duplicate", context: "/existing"), "context");

        Assert.Contains("API 'existing'", errors.GetProperty("context").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DefaultVersionOnListenerEndpointPath_Returns400NamingTheClash()
    {
        // The default listener serves its echo endpoint at /echo; a default version of /echo would answer there too.
        var errors = await AssertRefusedAsync(Api(context: "/echo"), "isDefaultVersion");

        Assert.Contains("endpoint /echo", errors.GetProperty("isDefaultVersion").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteListener_ApiPublishedOnIt_Returns400NamingTheApiListener()
    {
        using (var created = await _server.PostJsonAsync("/api/v1/listeners", new { id = "side", bindings = new[] { "127.0.0.1:0" } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var published = await _server.PostJsonAsync("/api/v1/apis", Api(id: "sided", context: "/sided", listeners: ["default", "side"])))
        {
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        }

        var before = await ApiListAsync();
        using var response = await _server.Admin.DeleteAsync("/api/v1/listeners/side");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("apis[1].listeners[1]", out _), errors.ToString());
        Assert.Equal(before, await ApiListAsync());
        await _server.GetJsonAsync("/api/v1/listeners/side");
    }

    private async Task<JsonElement> AssertRefusedAsync(object api, string field)
    {
        var before = await ApiListAsync();

        using var response = await _server.PostJsonAsync("/api/v1/apis", api);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"expected an error at '{field}': {errors}");
        Assert.Equal(before, await ApiListAsync());
        return errors.Clone();
    }

    private async Task<string> ApiListAsync() =>
        string.Join(",", (await _server.GetJsonAsync("/api/v1/apis")).EnumerateArray().Select(a => a.GetProperty("config").GetRawText()));

    private static object Api(string id = "fresh", string context = "/fresh", string version = "v1", string[]? listeners = null, string[]? urls = null) => new
    {
        id,
        name = id,
        context,
        version,
        isDefaultVersion = true,
        listeners = listeners ?? ["default"],
        lifecycle = "published",
        endpoints = new { production = new { urls = urls ?? ["ws://127.0.0.1:9/"] } },
    };

    public sealed class Fixture : GatewayFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await Server.PublishApiAsync("existing", "/existing", [Backend.Url("/echo")]);
        }
    }
}
