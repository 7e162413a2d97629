using System.Net;
using System.Text.Json.Nodes;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Http;

/// <summary>Plain HTTP on a WebSocket listener: an empty 200 by default, or a configured HTML page.</summary>
public sealed class HttpFallbackTests
{
    [Fact]
    public async Task Get_DefaultMode_ReturnsEmpty200()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(HttpUri(server, "default", "/anything"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_HtmlMode_ServesPageAsHtml()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("page");
        listener["httpFallback"] = new JsonObject { ["mode"] = "html", ["html"] = "<h1>WsGate here</h1>" };
        await CreateAsync(server, listener);
        using var http = new HttpClient();

        using var response = await http.GetAsync(HttpUri(server, "page", "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<h1>WsGate here</h1>", await response.Content.ReadAsStringAsync());
        await AssertEchoesAsync(server.ListenerUri("page", "/echo"), "websocket still works");
    }

    [Fact]
    public async Task Put_HtmlModeOnRunningListener_AppliesLive()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("page");
        await CreateAsync(server, listener);
        using var http = new HttpClient();
        var uri = HttpUri(server, "page", "/");
        Assert.Empty(await http.GetByteArrayAsync(uri));

        listener["httpFallback"] = new JsonObject { ["mode"] = "html", ["html"] = "<p>now</p>" };
        await UpdateAsync(server, listener);

        Assert.Equal("<p>now</p>", await http.GetStringAsync(uri));
    }

    [Fact]
    public async Task Post_HtmlModeWithoutPage_Returns400()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("page");
        listener["httpFallback"] = new JsonObject { ["mode"] = "html" };

        using var response = await server.PostJsonAsync("/api/v1/listeners", listener);

        Assert.NotEmpty(Messages(await ReadValidationProblemAsync(response), "httpFallback.html"));
    }

    internal static Uri HttpUri(TestServer server, string id, string path) =>
        new UriBuilder(server.ListenerUri(id, path)) { Scheme = "http" }.Uri;
}
