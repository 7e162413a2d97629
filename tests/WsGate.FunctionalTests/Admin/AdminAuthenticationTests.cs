using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Admin;

public sealed class AdminAuthenticationTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("Basic bm90LWJhc2U2NA$$")]
    [InlineData("Basic YWRtaW46d3Jvbmc=")]
    [InlineData("Bearer abc")]
    public async Task AdminApi_WithoutValidCredentials_Returns401Problem(string? authorization)
    {
        using var client = new HttpClient { BaseAddress = _server.AdminAddress };
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.GetAsync("/api/v1/listeners");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HealthEndpoints_WithoutCredentials_Answer()
    {
        using var client = new HttpClient { BaseAddress = _server.AdminAddress };

        using var health = await client.GetAsync("/healthz");
        using var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_WithCredentials_DescribesAdminRoutes()
    {
        using var response = await _server.Admin.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/listeners", out _));
        Assert.True(paths.TryGetProperty("/api/v1/connections/{id}/close", out _));
        Assert.True(paths.TryGetProperty("/api/v1/config/import", out _));
        Assert.Equal("WsGate admin API", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task AdminApi_ListenerNotOnPublicPort_PublicListenerServesNoAdminRoutes()
    {
        using var client = new HttpClient();
        var publicBase = new UriBuilder(_server.ListenerUri()) { Scheme = "http" }.Uri;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + TestServer.AdminPassword)));

        using var response = await client.GetAsync(new Uri(publicBase, "/api/v1/listeners"));

        // The default HTTP fallback answers an empty 200: nothing of the admin API is reachable there.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
