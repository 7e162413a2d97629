using System.Net;
using System.Text;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Admin;

/// <summary>One listener group exported and imported on its own, as webMethods moves a package's ports.</summary>
public sealed class ConfigGroupTransferTests
{
    private static async Task CreateListenerAsync(TestServer server, string id, string? group)
    {
        using var created = await server.PostJsonAsync("/api/v1/listeners", new { id, group, bindings = new[] { "127.0.0.1:0" }, endpoints = new[] { new { path = "/echo", kind = "echo" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private static async Task<HttpResponseMessage> ImportAsync(TestServer server, string yaml, string query)
    {
        using var body = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        return await server.Admin.PostAsync("/api/v1/config/import" + query, body);
    }

    [Fact]
    public async Task Export_Group_HoldsOnlyThatGroupsListenersAndNoOtherSection()
    {
        await using var server = await TestServer.StartAsync();
        await CreateListenerAsync(server, "sales_one", "sales");
        await CreateListenerAsync(server, "ops_one", "ops");

        var yaml = await server.Admin.GetStringAsync("/api/v1/config/export?group=sales");

        var document = WsGate.Configuration.ConfigSerializer.YamlToJson(yaml)!.AsObject();
        Assert.Equal(["listeners"], document.Select(p => p.Key).Where(k => k != "certificates"));
        Assert.Equal(["sales_one"], document["listeners"]!.AsArray().Select(l => (string)l!["id"]!));
        Assert.Contains("--group sales", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_GroupDocumentInReplaceMode_ChangesThatGroupAndNothingElse()
    {
        await using var server = await TestServer.StartAsync();
        await CreateListenerAsync(server, "sales_one", "sales");
        await CreateListenerAsync(server, "sales_two", "sales");
        await CreateListenerAsync(server, "ops_one", "ops");
        var yaml = await server.Admin.GetStringAsync("/api/v1/config/export?group=sales");
        var before = await server.GetJsonAsync("/api/v1/listeners/ops_one");

        // The group's document loses one listener and changes another; imported as the group, replacing it.
        var edited = WsGate.Configuration.ConfigSerializer.YamlToJson(yaml)!.AsObject();
        var listeners = edited["listeners"]!.AsArray();
        listeners.RemoveAt(listeners.ToList().FindIndex(l => (string)l!["id"]! == "sales_two"));
        listeners[0]!["maxConnections"] = 5;
        using var response = await ImportAsync(server, edited.ToJsonString(), "?mode=replace&group=sales");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["sales_two"], result.GetProperty("listenersRemoved").EnumerateArray().Select(e => e.GetString()));
        var ids = (await server.GetJsonAsync("/api/v1/listeners")).EnumerateArray().Select(l => l.GetProperty("config").GetProperty("id").GetString()).Order().ToList();
        Assert.Equal(["default", "ops_one", "sales_one"], ids);
        Assert.Equal(5, (await server.GetJsonAsync("/api/v1/listeners/sales_one")).GetProperty("config").GetProperty("maxConnections").GetInt32());
        Assert.Equal(before.GetProperty("config").ToString(), (await server.GetJsonAsync("/api/v1/listeners/ops_one")).GetProperty("config").ToString());
    }

    [Fact]
    public async Task Import_AsGroupWithOtherSectionsOrGroups_RefusedWholeNamingEachPath()
    {
        await using var server = await TestServer.StartAsync();
        const string yaml = """
            listeners:
              - id: hr_one
                group: hr
                bindings: [127.0.0.1:0]
            tiers: []
            """;

        using var response = await ImportAsync(server, yaml, "?group=sales");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["listeners[0].group", "tiers"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Admin.GetAsync("/api/v1/listeners/hr_one")).StatusCode);
    }

    [Fact]
    public async Task Export_UnknownGroup_400NamingTheGroupsThereAre()
    {
        await using var server = await TestServer.StartAsync();
        await CreateListenerAsync(server, "ops_one", "ops");

        using var response = await server.Admin.GetAsync("/api/v1/config/export?group=nope");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no listener is in the group 'nope' (groups: ops)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
