using System.Net;
using System.Text;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>APIs travel with the exported configuration.</summary>
public sealed class ApiConfigTransferTests
{
    [Fact]
    public async Task ExportThenImport_IntoFreshServer_ReplicatesApiAndItRelays()
    {
        await using var backend = await TestBackend.StartAsync("primary");
        await using var source = await TestServer.StartAsync();
        await source.PublishApiAsync("chat", "/chat", [backend.Url("/echo")], new
        {
            description = "replicated API",
            policies = new { requiredQuery = new[] { "room" } },
            limits = new { maxConnections = 5 },
        });

        var yaml = await source.Admin.GetStringAsync("/api/v1/config/export");
        await using var target = await TestServer.StartAsync();
        using var importedBody = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var imported = await target.Admin.PostAsync("/api/v1/config/import?onPortConflict=replace", importedBody);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var config = (await target.GetJsonAsync("/api/v1/apis/chat")).GetProperty("config");
        Assert.Equal("/chat", config.GetProperty("context").GetString());
        Assert.Equal("replicated API", config.GetProperty("description").GetString());
        Assert.Equal("published", config.GetProperty("lifecycle").GetString());
        Assert.Equal(5, config.GetProperty("limits").GetProperty("maxConnections").GetInt32());
        Assert.Equal(backend.Url("/echo").ToString(), config.GetProperty("endpoints").GetProperty("production").GetProperty("urls")[0].GetString());
        using var socket = await WebSocketTestExtensions.ConnectAsync(target.ListenerUri("default", "/chat/v1?room=1"));
        Assert.Equal("replicated", await socket.EchoAsync("replicated"));
    }
}
