using System.Net;
using System.Text;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Admin;

public sealed class ConfigTransferTests
{
    [Fact]
    public async Task ExportThenImport_IntoFreshServer_ReplicatesListeners()
    {
        await using var source = await TestServer.StartAsync();
        using (var created = await source.PostJsonAsync("/api/v1/listeners", new
        {
            id = "replicated",
            group = "pkg.sales",
            bindings = new[] { "127.0.0.1:0" },
            maxConnections = 7,
            access = new { mode = "denyByDefault", allow = new[] { "127.0.0.0/8" } },
            httpFallback = new { mode = "html", html = "<h1>hi</h1>" },
            endpoints = new[] { new { path = "/chan", kind = "channel" } },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var yaml = await source.Admin.GetStringAsync("/api/v1/config/export");
        await using var target = await TestServer.StartAsync();
        using var importedBody = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var imported = await target.Admin.PostAsync("/api/v1/config/import?onPortConflict=replace", importedBody);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var result = JsonDocument.Parse(await imported.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(result.GetProperty("listenersAdded").EnumerateArray(), e => e.GetString() == "replicated");
        var listener = await target.GetJsonAsync("/api/v1/listeners/replicated");
        var config = listener.GetProperty("config");
        Assert.Equal(7, config.GetProperty("maxConnections").GetInt32());
        Assert.Equal("denyByDefault", config.GetProperty("access").GetProperty("mode").GetString());
        Assert.Equal("<h1>hi</h1>", config.GetProperty("httpFallback").GetProperty("html").GetString());
        Assert.Equal("pkg.sales", config.GetProperty("group").GetString());
        Assert.Equal("enabled", listener.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Import_OneInvalidListener_RejectedWholeWithDocumentPath()
    {
        await using var server = await TestServer.StartAsync();
        var before = await server.Admin.GetStringAsync("/api/v1/config/export");
        const string yaml = """
            listeners:
              - id: good_one
                bindings: [127.0.0.1:0]
              - id: bad one
                bindings: [127.0.0.1:0, "nonsense"]
            """;

        using var requestBody = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await server.Admin.PostAsync("/api/v1/config/import", requestBody);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("listeners[1].id", out _));
        Assert.True(errors.TryGetProperty("listeners[1].bindings[1]", out _));
        var after = await server.Admin.GetStringAsync("/api/v1/config/export");
        Assert.Equal(StripHeader(before), StripHeader(after));
        Assert.DoesNotContain("good_one", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnknownField_Returns400NamingIt()
    {
        await using var server = await TestServer.StartAsync();

        using var requestBody = new StringContent("listeners:\n  - id: x\n    bindngs: [127.0.0.1:0]\n", Encoding.UTF8, "application/yaml");
        using var response = await server.Admin.PostAsync("/api/v1/config/import", requestBody);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("listeners[0].bindngs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_PortHeldByOtherListener_KeepsExistingByDefault()
    {
        await using var server = await TestServer.StartAsync();
        var port = FreePort.Find();
        using (var holder = await server.PostJsonAsync("/api/v1/listeners", new { id = "holder", bindings = new[] { $"127.0.0.1:{port}" } }))
        {
            Assert.Equal(HttpStatusCode.Created, holder.StatusCode);
        }

        var yaml = $"listeners:\n  - id: intruder\n    bindings: [127.0.0.1:{port}]\n    endpoints: [{{path: /x, kind: echo}}]\n";

        using var dryRunBody = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var dryRun = await server.Admin.PostAsync("/api/v1/config/import?dryRun=true", dryRunBody);
        using var requestBody = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await server.Admin.PostAsync("/api/v1/config/import", requestBody);
        using var rejectedBody = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var rejected = await server.Admin.PostAsync("/api/v1/config/import?onPortConflict=reject", rejectedBody);

        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        Assert.True(JsonDocument.Parse(await dryRun.Content.ReadAsStringAsync()).RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var skipped = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("listenersSkipped");
        Assert.Contains("'holder'", Assert.Single(skipped.EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(2, (await server.GetJsonAsync("/api/v1/listeners")).GetArrayLength());
    }

    private static string StripHeader(string yaml) => string.Join('\n', yaml.Split('\n').Where(l => !l.StartsWith('#')));
}
