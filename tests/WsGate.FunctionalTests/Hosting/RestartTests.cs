using System.Net;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Hosting;

public sealed class RestartTests
{
    [Fact]
    public async Task Restart_AfterAddingListener_ListenerComesBackWithItsSettings()
    {
        await using var server = await TestServer.StartAsync();
        using (var created = await server.PostJsonAsync("/api/v1/listeners", new
        {
            id = "kept",
            alias = "kept.port",
            description = "survives restarts",
            bindings = new[] { "127.0.0.1:0" },
            idleTimeoutMs = 123456,
            endpoints = new[] { new { path = "/e", kind = "echo" } },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await server.RestartAsync();

        var listener = await server.GetJsonAsync("/api/v1/listeners/kept");
        Assert.Equal("enabled", listener.GetProperty("state").GetString());
        Assert.Equal(123456, listener.GetProperty("config").GetProperty("idleTimeoutMs").GetInt32());
        Assert.Equal("kept.port", listener.GetProperty("config").GetProperty("alias").GetString());
        using var socket = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("kept", "/e"));
        await socket.SendTextAsync("still here");
        Assert.Equal("still here", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Restart_AfterDeletingDefaultListener_DefaultIsNotRecreated()
    {
        await using var server = await TestServer.StartAsync();
        using (var deleted = await server.Admin.DeleteAsync("/api/v1/listeners/default"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await server.RestartAsync();

        Assert.Equal(0, (await server.GetJsonAsync("/api/v1/listeners")).GetArrayLength());
    }

    [Fact]
    public async Task Restart_AdminPassword_StillValidAndNotRegenerated()
    {
        await using var server = await TestServer.StartAsync();

        await server.RestartAsync();

        Assert.Null(server.Server.GeneratedAdminPassword);
        using var response = await server.Admin.GetAsync("/api/v1/listeners");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
