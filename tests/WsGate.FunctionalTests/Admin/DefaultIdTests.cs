using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Configuration.Validation;
using WsGate.FunctionalTests.Identity;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Admin;

/// <summary>
/// Ids WsGate gives a listener, API or outbound client created without one (RoboTask's <c>WS_SERVER_N</c> and
/// <c>WS_CLIENT_N</c>, WsGate's <c>WS_API_N</c>): the lowest free N ignoring case, one per create even at once, and never
/// on import. One server of its own, so the numbers start from 1.
/// </summary>
public sealed class DefaultIdTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task CreateListener_WithoutIdOrEmpty_LowestFreeWsServerIdInBodyAndLocation()
    {
        var (first, firstLocation) = await CreateAsync("listeners", Listener(id: null));
        await CreateAsync("listeners", Listener(id: "ws_server_2"));
        var (third, thirdLocation) = await CreateAsync("listeners", Listener(id: ""));
        using var deleted = await _server.Admin.DeleteAsync("/api/v1/listeners/WS_SERVER_1");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var (reused, _) = await CreateAsync("listeners", Listener(id: null));

        Assert.Equal("WS_SERVER_1", first);
        Assert.Equal("/api/v1/listeners/WS_SERVER_1", firstLocation);
        // ws_server_2 is taken whatever its case, so the next free one is 3.
        Assert.Equal("WS_SERVER_3", third);
        Assert.Equal("/api/v1/listeners/WS_SERVER_3", thirdLocation);
        Assert.Equal("WS_SERVER_1", reused);
        Assert.Equal("enabled", (await _server.GetJsonAsync("/api/v1/listeners/ws_server_3")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task CreateListeners_AtOnce_EachGetsItsOwnId()
    {
        var creates = Enumerable.Range(0, 6).Select(_ => CreateAsync("listeners", Listener(id: null)));

        var ids = (await Task.WhenAll(creates)).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["WS_SERVER_1", "WS_SERVER_2", "WS_SERVER_3", "WS_SERVER_4", "WS_SERVER_5", "WS_SERVER_6"], ids);
    }

    [Fact]
    public async Task CreateApiAndClient_WithoutId_WsApiAndWsClientIds()
    {
        var api = new JsonObject { ["name"] = "unnamed", ["context"] = "/unnamed", ["version"] = "v1" };
        var client = new JsonObject { ["name"] = "unnamed", ["url"] = "ws://127.0.0.1:9/feed", ["active"] = false };

        var (apiId, apiLocation) = await CreateAsync("apis", api);
        var (clientId, clientLocation) = await CreateAsync("clients", client);

        Assert.Equal("WS_API_1", apiId);
        Assert.Equal("/api/v1/apis/WS_API_1", apiLocation);
        Assert.Equal("WS_CLIENT_1", clientId);
        Assert.Equal("/api/v1/clients/WS_CLIENT_1", clientLocation);
        Assert.Equal("unnamed", (await _server.GetJsonAsync("/api/v1/clients/ws_client_1")).GetProperty("config").GetProperty("name").GetString());
    }

    [Fact]
    public async Task CreateListener_WithoutIdAndMisshapen_OnlyTheShapeErrorNamed()
    {
        var listener = Listener(id: null);
        listener["backlog"] = "many";

        using var response = await _server.PostJsonAsync("/api/v1/listeners", listener);

        var problem = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("backlog", out _), problem.GetRawText());
        Assert.False(errors.TryGetProperty("id", out _), problem.GetRawText());
    }

    [Fact]
    public async Task Import_ListenerWithoutId_RefusedWithPathAndNothingAdded()
    {
        var import = """
            listeners:
              - bindings: ["127.0.0.1:0"]
                endpoints: [{ path: /echo }]
            """;
        using var body = new StringContent(import, Encoding.UTF8, "application/yaml");
        using var response = await _server.Admin.PostAsync("/api/v1/config/import", body);

        var problem = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(Identifiers.IdRequired, problem.GetProperty("errors").GetProperty("listeners[0].id")[0].GetString());
        Assert.DoesNotContain((await _server.GetJsonAsync("/api/v1/listeners")).EnumerateArray(), l => l.GetProperty("config").GetProperty("id").GetString()!.StartsWith("WS_SERVER_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CliListenersAdd_FileWithoutId_PrintsAssignedId()
    {
        var file = Path.Combine(_server.Folder, "listener-without-id.json");
        await File.WriteAllTextAsync(file, Listener(id: null).ToJsonString());

        var (exit, stdout, stderr) = await _server.RunCliAsync("listeners", "add", file, "--json");

        Assert.True(exit == 0, stderr);
        Assert.Equal("WS_SERVER_1", JsonDocument.Parse(stdout).RootElement.GetProperty("config").GetProperty("id").GetString());
    }

    private static JsonObject Listener(string? id)
    {
        var listener = new JsonObject
        {
            ["bindings"] = new JsonArray("127.0.0.1:0"),
            ["endpoints"] = new JsonArray(new JsonObject { ["path"] = "/echo", ["kind"] = "echo" }),
        };
        if (id is not null)
        {
            listener["id"] = id;
        }

        return listener;
    }

    /// <summary>POSTs to a collection and returns the id the answer gives and its Location, failing unless it is 201.</summary>
    private async Task<(string Id, string? Location)> CreateAsync(string collection, JsonObject body)
    {
        using var response = await _server.PostJsonAsync("/api/v1/" + collection, body);
        var created = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.Created);
        return (created.GetProperty("config").GetProperty("id").GetString()!, response.Headers.Location?.ToString());
    }
}
