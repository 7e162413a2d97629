using System.Net;
using System.Text.Json.Nodes;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Http;

/// <summary>Folder mode serves files with their content types and never anything outside the folder.</summary>
public sealed class FolderFallbackTests(FolderSiteFixture site) : IClassFixture<FolderSiteFixture>
{
    [Theory]
    [InlineData("/index.html", "text/html", "<h1>home</h1>")]
    [InlineData("/style.css", "text/css", "body { color: red; }")]
    [InlineData("/app.js", "text/javascript", "console.log(1);")]
    [InlineData("/data.json", "application/json", "{\"a\":1}")]
    [InlineData("/", "text/html", "<h1>home</h1>")]
    [InlineData("/docs/", "text/html", "<h1>docs</h1>")]
    [InlineData("/docs", "text/html", "<h1>docs</h1>")]
    public async Task Get_FileInFolder_ServedWithContentType(string path, string contentType, string content)
    {
        var server = site.Server;
        using var http = new HttpClient();

        using var response = await http.GetAsync(HttpFallbackTests.HttpUri(server, "site", path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(content, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/missing.html")]
    [InlineData("/docs/missing.css")]
    [InlineData("/nodir/")]
    public async Task Get_MissingFile_Returns404(string path)
    {
        var server = site.Server;
        using var http = new HttpClient();

        using var response = await http.GetAsync(HttpFallbackTests.HttpUri(server, "site", path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/%2E%2E/%2e%2e/secret.txt")]
    [InlineData("/docs/../../secret.txt")]
    [InlineData("/..%2fsecret.txt")]
    [InlineData("/..%5csecret.txt")]
    [InlineData("/..\\secret.txt")]
    [InlineData("/link.txt")]
    [InlineData("/linkdir/secret.txt")]
    public async Task Get_PathLeavingFolder_NeverServesFile(string path)
    {
        var server = site.Server;

        // Raw bytes, so that the path reaches the server exactly as written.
        var response = await RawGetAsync(EndPoint(server, "site"), path);

        Assert.True(response.Status is 403 or 404, $"{path} answered {response.Status}");
        Assert.DoesNotContain(FolderSiteFixture.Secret, response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FolderThatDoesNotExist_Returns400()
    {
        var server = site.Server;
        var listener = EchoListener("nofolder");
        listener["httpFallback"] = new JsonObject { ["mode"] = "folder", ["folder"] = Path.Combine(site.Root, "no-such-folder") };

        using var response = await server.PostJsonAsync("/api/v1/listeners", listener);

        var message = Assert.Single(Messages(await ReadValidationProblemAsync(response), "httpFallback.folder"));
        Assert.Contains("no-such-folder", message, StringComparison.Ordinal);
        Assert.Equal(["default", "site"], await IdsAsync(server));
    }
}
