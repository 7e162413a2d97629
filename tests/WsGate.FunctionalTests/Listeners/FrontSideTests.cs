using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>
/// A listener's front side switches (DataPower's HTTP front side handler): upgrades on or off, and the methods and HTTP
/// versions it takes, for upgrades and plain HTTP alike, over real sockets.
/// </summary>
public sealed class FrontSideTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Upgrade_UpgradesSwitchedOff_Refused403SayingSoWhileThePageIsServed()
    {
        var listener = EchoListener("plain");
        listener["allowWebSocketUpgrade"] = false;
        listener["httpFallback"] = new JsonObject { ["mode"] = "html", ["html"] = "<h1>plain HTTP only</h1>" };
        await CreateAsync(_server, listener);
        var endpoint = EndPoint(_server, "plain");

        // Connection: close as well, so the server ends the connection after its answer.
        var refused = await RawAsync(endpoint, UpgradeRequest(endpoint.ToString(), "/echo").Replace("Connection: Upgrade", "Connection: Upgrade, close", StringComparison.Ordinal));
        var page = await RawGetAsync(endpoint, "/");

        Assert.Equal(403, refused.Status);
        Assert.Contains("X-WsGate-Reason: upgrade_disabled", refused.Headers);
        Assert.Contains("WebSocket upgrades are switched off on listener 'plain'", Detail(refused), StringComparison.Ordinal);
        Assert.Equal(200, page.Status);
        Assert.Equal("<h1>plain HTTP only</h1>", page.Body);
        await Assert.ThrowsAsync<WebSocketException>(() => WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("plain", "/echo")));
    }

    [Fact]
    public async Task Upgrade_SwitchedBackOnLive_Accepted()
    {
        var listener = EchoListener("toggled");
        listener["allowWebSocketUpgrade"] = false;
        await CreateAsync(_server, listener);

        listener["allowWebSocketUpgrade"] = true;
        await UpdateAsync(_server, listener);

        await AssertEchoesAsync(_server.ListenerUri("toggled", "/echo"), "upgrades back on");
    }

    [Fact]
    public async Task PlainHttp_MethodNotAllowed_405WithAllowHeader()
    {
        var listener = EchoListener("getonly");
        listener["allowedMethods"] = new JsonArray("GET", "HEAD");
        await CreateAsync(_server, listener);
        using var http = new HttpClient();
        var uri = Http.HttpFallbackTests.HttpUri(_server, "getonly", "/");

        using var body = new StringContent("x");
        using var post = await http.PostAsync(uri, body);
        using var get = await http.GetAsync(uri);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["GET", "HEAD"], post.Content.Headers.Allow);
        var detail = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Equal("listener 'getonly' takes GET, HEAD, not POST", detail);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        await AssertEchoesAsync(_server.ListenerUri("getonly", "/echo"), "GET upgrades still work");
    }

    [Fact]
    public async Task PlainHttp_DefaultListener_AnyMethodAnsweredAsBefore()
    {
        using var http = new HttpClient();

        using var body = new StringContent("x");
        using var post = await http.PostAsync(Http.HttpFallbackTests.HttpUri(_server, "default", "/"), body);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
    }

    [Fact]
    public async Task Http10_OnlyHttp11Allowed_505ForPlainAndUpgrade()
    {
        var listener = EchoListener("modern");
        listener["allowedHttpVersions"] = new JsonArray("1.1");
        await CreateAsync(_server, listener);
        var endpoint = EndPoint(_server, "modern");

        var plain = await RawAsync(endpoint, $"GET / HTTP/1.0\r\nHost: {endpoint}\r\n\r\n");
        var upgrade = await RawAsync(endpoint, UpgradeRequest(endpoint.ToString(), "/echo").Replace("HTTP/1.1", "HTTP/1.0", StringComparison.Ordinal));
        var current = await RawGetAsync(endpoint, "/");

        Assert.Equal(505, plain.Status);
        Assert.Contains("listener 'modern' takes HTTP 1.1, not HTTP/1.0", Detail(plain), StringComparison.Ordinal);
        Assert.Equal(505, upgrade.Status);
        Assert.Equal(200, current.Status);
    }

    [Fact]
    public async Task Post_UnknownMethodAndVersion_400NamingEachEntry()
    {
        var listener = EchoListener("bad");
        listener["allowedMethods"] = new JsonArray("GET", "FETCH");
        listener["allowedHttpVersions"] = new JsonArray("1.1", "3");

        using var response = await _server.PostJsonAsync("/api/v1/listeners", listener);

        var errors = await ReadValidationProblemAsync(response);
        Assert.Contains("'FETCH' is not an HTTP method", Assert.Single(Messages(errors, "allowedMethods[1]")), StringComparison.Ordinal);
        Assert.Contains("'3' is not an HTTP version", Assert.Single(Messages(errors, "allowedHttpVersions[1]")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UpgradesOnWithoutGet_400OnAllowedMethods()
    {
        var listener = EchoListener("noget");
        listener["allowedMethods"] = new JsonArray("POST");

        using var response = await _server.PostJsonAsync("/api/v1/listeners", listener);

        Assert.Contains("a WebSocket handshake is a GET request", Assert.Single(Messages(await ReadValidationProblemAsync(response), "allowedMethods")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_FrontSideSwitches_RoundTripThroughImport()
    {
        var listener = EchoListener("exported");
        listener["allowWebSocketUpgrade"] = false;
        listener["allowedMethods"] = new JsonArray("GET", "HEAD");
        listener["allowedHttpVersions"] = new JsonArray("1.0", "1.1");
        await CreateAsync(_server, listener);
        var yaml = await _server.Admin.GetStringAsync("/api/v1/config/export");
        using (var deleted = await _server.Admin.DeleteAsync("/api/v1/listeners/exported"))
        {
            deleted.EnsureSuccessStatusCode();
        }

        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var imported = await _server.Admin.PostAsync("/api/v1/config/import", content);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());

        var config = (await GetAsync(_server, "exported")).GetProperty("config");
        Assert.False(config.GetProperty("allowWebSocketUpgrade").GetBoolean());
        Assert.Equal(["GET", "HEAD"], config.GetProperty("allowedMethods").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["1.0", "1.1"], config.GetProperty("allowedHttpVersions").EnumerateArray().Select(e => e.GetString()));
    }

    private static async Task<RawResponse> RawAsync(IPEndPoint endpoint, string request)
    {
        var text = Encoding.UTF8.GetString(await SendRawAsync(endpoint, request));
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, "no HTTP response: " + text);
        var head = text[..split].Split("\r\n");
        return new RawResponse(int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), head[1..], text[(split + 4)..]);
    }

    private static string Detail(RawResponse response) => JsonDocument.Parse(response.Body).RootElement.GetProperty("detail").GetString()!;
}
