using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>
/// The OAuth2 token endpoint served on a public listener (an endpoint of kind <c>oauth2</c>), so clients never need the
/// admin port: tokens issued there open WebSockets on the same listener, and wrong secrets are counted there too.
/// </summary>
public sealed class PublicTokenEndpointTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private JsonElement _keys;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.ImportLockoutAsync();
        await _server.ConfigureListenerAsync("default", listener =>
        {
            listener["endpoints"]!.AsArray().Add(new JsonObject { ["path"] = "/oauth2", ["kind"] = "oauth2" });
            listener["authentication"] = new JsonObject { ["modes"] = new JsonArray("oauth2") };
        });
        await _server.CreateUserAsync("dev", "dev-Pw-5k2j8d", roles: ["subscriber"]);
        _keys = await _server.GenerateKeysAsync(await _server.CreateApplicationAsync("dev", "app"));
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private Uri Http(string path) => new UriBuilder(_server.ListenerUri("default", path)) { Scheme = "http" }.Uri;

    private async Task<HttpResponseMessage> PostAsync(string path, string secret, Dictionary<string, string> form)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Http(path)) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(IdentityTestExtensions.Basic(_keys.GetProperty("consumerKey").GetString()!, secret));
        return await http.SendAsync(request);
    }

    private string Secret => _keys.GetProperty("consumerSecret").GetString()!;

    [Fact]
    public async Task Token_OnTheListener_OpensAWebSocketThereAndIntrospects()
    {
        using var issued = await PostAsync("/oauth2/token", Secret, new() { ["grant_type"] = "client_credentials" });
        var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement;
        var token = body.GetProperty("access_token").GetString()!;
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Authorization", "Bearer " + token));
        using var introspected = await PostAsync("/oauth2/introspect", Secret, new() { ["token"] = token });

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal("no-store", issued.Headers.CacheControl?.ToString());
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.True(JsonDocument.Parse(await introspected.Content.ReadAsStringAsync()).RootElement.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Token_WrongSecretsOnTheListener_LockedOutWithRetryAfter()
    {
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await PostAsync("/oauth2/token", "cs_wrong" + i, new() { ["grant_type"] = "client_credentials" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await PostAsync("/oauth2/token", Secret, new() { ["grant_type"] = "client_credentials" });
        var lockouts = await _server.GetJsonAsync("/api/v1/lockouts?lockedOnly=true");

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter);
        Assert.Contains(lockouts.EnumerateArray(), l => l.GetProperty("scope").GetString() == "public" && l.GetProperty("subject").GetString() == "ip:127.0.0.1");
    }

    [Fact]
    public async Task OAuthEndpoint_GetOrUpgradeOrUnknownAction_NoTokenAndNoWebSocket()
    {
        using var http = new HttpClient();

        using var get = await http.GetAsync(Http("/oauth2/token"));
        var upgrade = await RawHandshake.SendAsync(_server.ListenerUri("default", "/oauth2"));
        using var unknown = await PostAsync("/oauth2/authorize", Secret, new() { ["grant_type"] = "client_credentials" });

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("POST", string.Join(",", get.Content.Headers.Allow));
        Assert.NotEqual(101, upgrade.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("token, revoke, introspect", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
