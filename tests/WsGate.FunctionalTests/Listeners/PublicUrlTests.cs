using System.Net;
using System.Text.Json.Nodes;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>
/// A listener's advertised address (<c>publicUrl</c>, Creatio's "port for client connections"): what the portal, the
/// try-it console, the listener view and the start-up banner show instead of the bound address, while clients behind the
/// balancer still reach the bound one.
/// </summary>
public sealed class PublicUrlTests : IAsyncLifetime
{
    private const string Advertised = "wss://chat.example.com/ws";

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        var listener = EchoListener("edge");
        listener["publicUrl"] = "https://Chat.Example.com:443/ws/";
        await CreateAsync(_server, listener);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ListenerView_PublicUrl_ClientUrlsUnderItAndBoundAddressStillServes()
    {
        var view = await GetAsync(_server, "edge");
        var plain = await GetAsync(_server, "default");

        Assert.Equal([Advertised + "/echo"], view.GetProperty("clientUrls").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("https://Chat.Example.com:443/ws/", view.GetProperty("config").GetProperty("publicUrl").GetString());
        Assert.Contains(_server.ListenerUri("default", "/echo").ToString(), plain.GetProperty("clientUrls").EnumerateArray().Select(u => u.GetString()));
        await AssertEchoesAsync(_server.ListenerUri("edge", "/echo"), "the bound address still serves");
    }

    [Fact]
    public async Task Portal_ApiOnListenerWithPublicUrl_ShowsTheAdvertisedUrl()
    {
        await _server.PublishApiAsync("chat", "/chat", [new Uri("ws://127.0.0.1:9/")], new { listeners = new[] { "edge" } });
        using var client = await SignedInAsync();

        var apis = await client.GetStringAsync("/portal");
        var tryIt = await client.GetStringAsync("/portal/tryit?api=chat");

        Assert.Contains(Advertised + "/chat/v1", apis, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.ListenerUri("edge").Authority, apis, StringComparison.Ordinal);
        Assert.Contains($"value=\"{Advertised}/chat/v1\"", tryIt, StringComparison.Ordinal);
        Assert.Contains($"value=\"{Advertised}/echo\"", tryIt, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupBanner_PublicUrl_ShowsItWithTheBoundAddress()
    {
        var line = Assert.Single(_server.Server.DescribeListening(), l => l.Contains("edge:", StringComparison.Ordinal));

        Assert.Contains(Advertised + "/echo (echo)", line, StringComparison.Ordinal);
        Assert.Contains("bound " + _server.ListenerUri("edge").ToString().TrimEnd('/'), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_PublicUrlWithQuery_400OnPublicUrl()
    {
        var listener = EchoListener("edge");
        listener["publicUrl"] = "wss://chat.example.com/ws?tenant=1";

        using var response = await _server.PutJsonAsync("/api/v1/listeners/edge", listener);

        Assert.Contains("must not have a query or fragment", Assert.Single(Messages(await ReadValidationProblemAsync(response), "publicUrl")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_PublicUrlRemoved_BoundAddressShownAgain()
    {
        var listener = EchoListener("bare");
        listener["publicUrl"] = "ws://lb.example.com";
        await CreateAsync(_server, listener);

        listener.Remove("publicUrl");
        var view = await UpdateAsync(_server, listener);

        Assert.Equal([_server.ListenerUri("bare", "/echo").ToString()], view.GetProperty("clientUrls").EnumerateArray().Select(u => u.GetString()));
    }

    private async Task<HttpClient> SignedInAsync()
    {
        var client = ConsoleSignIn.Client(_server.AdminAddress, new CookieContainer());
        try
        {
            await ConsoleSignIn.SignInAsync(client, "admin", TestServer.AdminPassword);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
