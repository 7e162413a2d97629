using System.Net;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>Listeners that share a group are disabled and enabled together; the rest are left alone.</summary>
public sealed class ListenerGroupTests
{
    [Fact]
    public async Task DisableEnable_Group_SwitchesEveryMemberOnly()
    {
        await using var server = await TestServer.StartAsync();
        var blue1 = EchoListener("blue1");
        blue1["group"] = "blue";
        var blue2 = EchoListener("blue2");
        blue2["group"] = "blue";
        await CreateAsync(server, blue1);
        await CreateAsync(server, blue2);
        await CreateAsync(server, EchoListener("other"));
        var oldUris = new[] { server.ListenerUri("blue1", "/echo"), server.ListenerUri("blue2", "/echo") };

        var disabled = await PostActionAsync(server, "/api/v1/listener-groups/blue/disable");

        Assert.Equal(["blue1", "blue2"], disabled.EnumerateArray().Select(v => v.GetProperty("config").GetProperty("id").GetString()));
        Assert.All(disabled.EnumerateArray(), v => Assert.Equal("disabled", State(v)));
        Assert.Equal("disabled", State(await GetAsync(server, "blue1")));
        Assert.Equal("disabled", State(await GetAsync(server, "blue2")));
        Assert.Equal("enabled", State(await GetAsync(server, "other")));
        foreach (var uri in oldUris)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => WebSocketTestExtensions.ConnectAsync(uri));
        }

        await AssertEchoesAsync(server.ListenerUri("other", "/echo"));

        var enabled = await PostActionAsync(server, "/api/v1/listener-groups/BLUE/enable");

        Assert.All(enabled.EnumerateArray(), v => Assert.Equal("enabled", State(v)));
        await AssertEchoesAsync(server.ListenerUri("blue1", "/echo"));
        await AssertEchoesAsync(server.ListenerUri("blue2", "/echo"));
        await AssertEchoesAsync(server.ListenerUri("other", "/echo"));
    }

    [Fact]
    public async Task Disable_UnknownGroup_Returns404()
    {
        await using var server = await TestServer.StartAsync();

        using var response = await server.Admin.PostAsync("/api/v1/listener-groups/nobody/disable", content: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("enabled", State(await GetAsync(server, "default")));
    }
}
