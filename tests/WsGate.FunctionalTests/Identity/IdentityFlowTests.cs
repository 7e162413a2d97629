using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using WsGate.FunctionalTests.Gateway;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>The WSO2 flow end to end: user, application, keys, subscription, token, connection, revocation.</summary>
public sealed class IdentityFlowTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _backend = await TestBackend.StartAsync("backend");
        await _server.PublishApiAsync(
            "secure",
            "/secure",
            [_backend.Url("/name")],
            new { authentication = new { modes = new[] { "oauth2", "apiKey" } } },
            sandbox: [_backend.Url("/name")]);
        await _server.PublishApiAsync("prodonly", "/prodonly", [_backend.Url("/name")], new { authentication = new { modes = new[] { "oauth2", "apiKey" } } });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Token_SubscribedApplication_ConnectsAndRevocationClosesWith1008()
    {
        var app = await CreateApplicationAsync("alice", "chat-client");
        var keys = await GenerateKeysAsync(app, "production");
        await _server.SubscribeAsync(app, "secure");
        var token = await RequestTokenAsync(keys);

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/secure/v1"), o => o.SetRequestHeader("Authorization", "Bearer " + token));
        Assert.Equal("backend", await socket.ReceiveTextAsync());
        var listed = (await _server.GetJsonAsync("/api/v1/connections")).EnumerateArray().Single();
        Assert.Equal("alice", listed.GetProperty("user").GetString());

        using var revoke = await PostFormAsync("/oauth2/revoke", keys, new() { ["token"] = token });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var close = await socket.ReceiveCloseAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.CloseStatus);
        Assert.Equal("token revoked", close.CloseDescription);
        var refused = await HandshakeStatusAsync("/secure/v1", ("Authorization", "Bearer " + token));
        Assert.Equal((HttpStatusCode.Unauthorized, "token_revoked"), refused);
    }

    [Fact]
    public async Task Token_WithoutSubscription_Refused403()
    {
        var app = await CreateApplicationAsync("bob", "unsubscribed");
        var keys = await GenerateKeysAsync(app, "production");
        var token = await RequestTokenAsync(keys);

        var status = await HandshakeStatusAsync("/secure/v1", ("Authorization", "Bearer " + token));

        Assert.Equal((HttpStatusCode.Forbidden, "not_subscribed"), status);
    }

    [Fact]
    public async Task ApiKey_SandboxKey_ReachesSandboxButNotProductionOnlyApi()
    {
        var app = await CreateApplicationAsync("carol", "sandboxed");
        var keys = await GenerateKeysAsync(app, "sandbox");
        await _server.SubscribeAsync(app, "secure");
        await _server.SubscribeAsync(app, "prodonly");

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/secure/v1"), o => o.SetRequestHeader("X-API-Key", keys.GetProperty("apiKey").GetString()));
        var listed = (await _server.GetJsonAsync("/api/v1/connections")).EnumerateArray().Single();
        var refused = await HandshakeStatusAsync("/prodonly/v1?apikey=" + Uri.EscapeDataString(keys.GetProperty("apiKey").GetString()!));

        Assert.Equal("sandbox", listed.GetProperty("environment").GetString());
        Assert.Equal((HttpStatusCode.Forbidden, "environment_not_available"), refused);
    }

    [Fact]
    public async Task Introspect_ActiveToken_DescribesIt()
    {
        var app = await CreateApplicationAsync("dave", "introspected");
        var keys = await GenerateKeysAsync(app, "production");
        var token = await RequestTokenAsync(keys);

        using var response = await PostFormAsync("/oauth2/introspect", keys, new() { ["token"] = token });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.True(body.GetProperty("active").GetBoolean());
        Assert.Equal("dave", body.GetProperty("sub").GetString());
        Assert.Equal("production", body.GetProperty("environment").GetString());
    }

    [Theory]
    [InlineData("Authorization", "Bearer ")]
    [InlineData("Authorization", "Bearer not-a-token")]
    [InlineData("Authorization", "Bearer a.b.c.d.e")]
    [InlineData("Authorization", "Basic !!!")]
    [InlineData("Authorization", "Digest abc")]
    [InlineData("X-API-Key", "wsg_ak_unknown")]
    public async Task Handshake_BadCredentials_Refused401WithReasonNeverUpgraded(string header, string value)
    {
        var (status, reason) = await HandshakeStatusAsync("/secure/v1", (header, value));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(string.IsNullOrEmpty(reason));
    }

    private async Task<string> CreateApplicationAsync(string user, string name)
    {
        using (var created = await _server.PostJsonAsync("/api/v1/users", new { username = user, password = "password-" + user, roles = new[] { "subscriber" } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var client = UserClient(user);
        using var requestBody = Json(new { name });
        using var response = await client.PostAsync("/api/v1/applications", requestBody);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> GenerateKeysAsync(string app, string environment)
    {
        using var response = await _server.PostJsonAsync($"/api/v1/applications/{app}/keys/{environment}", new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<string> RequestTokenAsync(JsonElement keys)
    {
        using var response = await PostFormAsync("/oauth2/token", keys, new() { ["grant_type"] = "client_credentials" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    private async Task<HttpResponseMessage> PostFormAsync(string path, JsonElement keys, Dictionary<string, string> fields)
    {
        using var client = new HttpClient { BaseAddress = _server.AdminAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(keys.GetProperty("consumerKey").GetString() + ":" + keys.GetProperty("consumerSecret").GetString())));
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(path, form);
    }

    private HttpClient UserClient(string user)
    {
        var client = new HttpClient { BaseAddress = _server.AdminAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:password-{user}")));
        return client;
    }

    private async Task<(HttpStatusCode Status, string? Reason)> HandshakeStatusAsync(string path, params (string Name, string Value)[] headers)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(_server.ListenerUri("default", "/")) { Scheme = "http", Path = path.Split('?')[0], Query = path.Contains('?', StringComparison.Ordinal) ? path.Split('?')[1] : "" }.Uri);
        request.Headers.Add("Connection", "Upgrade");
        request.Headers.Add("Upgrade", "websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.SwitchingProtocols, response.StatusCode);
        return (response.StatusCode, response.Headers.TryGetValues("X-WsGate-Reason", out var reasons) ? reasons.First() : null);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
