using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using WsGate.FunctionalTests.Gateway;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Admin;

/// <summary>
/// AsyncAPI through the admin API of a real WsGate: an imported document routes and checks real traffic to a real
/// backend, a dry run changes nothing, a bad document is refused naming each path, and any API exports as a document.
/// </summary>
public sealed class AsyncApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private TestServer Server => fixture.Server;

    private string Document(string title) => $$"""
        asyncapi: 2.6.0
        info:
          title: {{title}}
          version: 2.0.0
        servers:
          production:
            url: {{fixture.Backend.Url("/")}}
            protocol: ws
        channels:
          /echo:
            publish:
              message:
                name: say
                payload:
                  type: object
                  properties:
                    action:
                      const: say
                    text:
                      type: string
                  required: [action, text]
                examples:
                  - name: hello
                    payload: {action: say, text: hello}
            subscribe:
              message:
                name: said
                payload:
                  type: object
        """;

    private async Task<HttpResponseMessage> ImportAsync(string document, string query = "", string contentType = "application/yaml")
    {
        using var content = new StringContent(document, Encoding.UTF8, contentType);
        return await Server.Admin.PostAsync("/api/v1/apis/import/asyncapi" + query, content);
    }

    [Fact]
    public async Task Import_OverPublishedApi_RoutesByTheDocumentAndDropsWhatBreaksItsSchema()
    {
        await Server.PublishApiAsync("aa_orders", "/aa-orders", [fixture.Backend.Url("/name")], new { limits = new { maxConnections = 5 } });

        using var response = await ImportAsync(Document("Orders"), "?id=aa_orders");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/aa-orders"));
        await socket.SendTextAsync("""{"action":"say"}""");
        var error = JsonDocument.Parse(await socket.ReceiveTextAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("created").GetBoolean());
        var config = body.GetProperty("api").GetProperty("config");
        Assert.Equal(("Orders", "2.0.0", "/aa-orders", "published", 5), (config.GetProperty("name").GetString(), config.GetProperty("version").GetString(), config.GetProperty("context").GetString(), config.GetProperty("lifecycle").GetString(), config.GetProperty("limits").GetProperty("maxConnections").GetInt32()));
        Assert.Equal("$.action", config.GetProperty("routing").GetProperty("expression").GetString());
        Assert.Equal("message does not match the schema", error.GetProperty("error").GetString());
        Assert.Equal("""{"action":"say","text":"hi"}""", await socket.EchoAsync("""{"action":"say","text":"hi"}"""));
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Import_DryRun_ReportsTheApiAndChangesNothing()
    {
        using var response = await ImportAsync(Document("Dry Run"), "?dryRun=true");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        using var after = await Server.Admin.GetAsync("/api/v1/apis/Dry_Run");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("dryRun").GetBoolean());
        Assert.True(body.GetProperty("created").GetBoolean());
        Assert.Equal("/dry-run", body.GetProperty("api").GetProperty("config").GetProperty("context").GetString());
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Import_BadDocument_400NamingEachJsonPath()
    {
        var document = """
            {
              "asyncapi": "3.0.0",
              "info": { "version": "1" },
              "channels": { "c": { "messages": { "m": { "payload": { "$ref": "other.json#/Order" } } } } }
            }
            """;

        using var response = await ImportAsync(document, contentType: "application/json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        using var unsupported = await ImportAsync("asyncapi: 2.0.0\ninfo: {title: t, version: '1'}\nchannels: {}", contentType: "text/yaml");
        var version = JsonDocument.Parse(await unsupported.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["$.info.title", "$.channels.c.messages.m.payload.$ref"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("remote reference 'other.json#/Order'", errors.GetProperty("$.channels.c.messages.m.payload.$ref")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unsupported.StatusCode);
        Assert.Equal("version 2.0.0 is not supported (2.6 or 3.0)", version.GetProperty("errors").GetProperty("$.asyncapi")[0].GetString());
    }

    [Fact]
    public async Task Import_ConfigProblem_RefusedWholeWithItsConfigPath()
    {
        using var response = await ImportAsync(Document("Bad Version").Replace("version: 2.0.0", "version: 'two words'", StringComparison.Ordinal));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        using var after = await Server.Admin.GetAsync("/api/v1/apis/Bad_Version");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), p => p.Name.EndsWith("].version", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Export_ImportedAndPlainApis_StoredDocumentOrGenerated30()
    {
        using (var created = await ImportAsync(Document("Exported")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await Server.PublishApiAsync("aa_plain", "/aa-plain", [fixture.Backend.Url("/echo")]);

        var stored = JsonDocument.Parse(await Server.Admin.GetStringAsync("/api/v1/apis/Exported/asyncapi?format=json")).RootElement;
        using var generated = await Server.Admin.GetAsync("/api/v1/apis/aa_plain/asyncapi");
        var yaml = await generated.Content.ReadAsStringAsync();
        using var badFormat = await Server.Admin.GetAsync("/api/v1/apis/aa_plain/asyncapi?format=xml");
        using var missing = await Server.Admin.GetAsync("/api/v1/apis/nope/asyncapi");

        Assert.Equal("2.6.0", stored.GetProperty("asyncapi").GetString());
        Assert.Equal("say", stored.GetProperty("channels").GetProperty("/echo").GetProperty("publish").GetProperty("message").GetProperty("name").GetString());
        Assert.Equal("application/yaml", generated.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("asyncapi: 3.0.0", yaml, StringComparison.Ordinal);
        Assert.Contains("pathname: /echo", yaml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
