using System.Net;
using System.Net.WebSockets;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>A listener added, edited, disabled, enabled and deleted at run time, while the default listener carries on.</summary>
public sealed class ListenerLifecycleTests
{
    [Fact]
    public async Task Post_EchoListener_StartsAndEchoes()
    {
        await using var server = await TestServer.StartAsync();

        var view = await CreateAsync(server, EchoListener("extra"));

        Assert.Equal("enabled", State(view));
        Assert.Single(view.GetProperty("boundAddresses").EnumerateArray());
        await AssertEchoesAsync(server.ListenerUri("extra", "/echo"), "hello extra");
    }

    [Fact]
    public async Task Put_LiveChange_KeepsConnectionOpenAndAppliesIt()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("extra");
        await CreateAsync(server, listener);
        var port = server.ListenerUri("extra").Port;
        using var socket = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("extra", "/echo"));
        await AssertEchoesAsync(socket, "before");

        listener["maxMessageSize"] = 100;
        await UpdateAsync(server, listener);

        Assert.Equal(WebSocketState.Open, socket.State);
        await AssertEchoesAsync(socket, "after");
        Assert.Equal(port, server.ListenerUri("extra").Port);

        // The new limit applies to the connection that was already open.
        await socket.SendTextAsync(new string('x', 101));
        var close = await socket.ReceiveCloseAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, close.CloseStatus);
    }

    [Fact]
    public async Task Put_NewBindings_RebindsToNewPort()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("extra");
        await CreateAsync(server, listener);
        var oldUri = server.ListenerUri("extra", "/echo");
        using var socket = await WebSocketTestExtensions.ConnectAsync(oldUri);

        // A rebind closes the connections of the old socket with 1001 and waits for their answer, so the client must be reading.
        var closing = socket.ReceiveCloseAsync();
        var port = FreePort();
        listener["bindings"] = new System.Text.Json.Nodes.JsonArray($"127.0.0.1:{port}");
        var view = await UpdateAsync(server, listener);

        Assert.Equal("enabled", State(view));
        Assert.Equal(port, server.ListenerUri("extra").Port);
        var close = await closing;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        await AssertEchoesAsync(server.ListenerUri("extra", "/echo"), "rebound");
        await Assert.ThrowsAnyAsync<Exception>(() => WebSocketTestExtensions.ConnectAsync(oldUri));
    }

    [Fact]
    public async Task DisableEnable_Listener_OtherListenerKeepsEchoing()
    {
        await using var server = await TestServer.StartAsync();
        using var steady = await WebSocketTestExtensions.ConnectAsync(server.EchoUri);
        await CreateAsync(server, EchoListener("extra"));
        var uri = server.ListenerUri("extra", "/echo");
        using var onExtra = await WebSocketTestExtensions.ConnectAsync(uri);
        await AssertEchoesAsync(steady, "1");
        var closing = onExtra.ReceiveCloseAsync();

        var disabled = await PostActionAsync(server, "/api/v1/listeners/extra/disable");

        Assert.Equal("disabled", State(disabled));
        Assert.False(disabled.GetProperty("config").GetProperty("enabled").GetBoolean());
        Assert.Empty(disabled.GetProperty("boundAddresses").EnumerateArray());
        var close = await closing;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        await Assert.ThrowsAnyAsync<Exception>(() => WebSocketTestExtensions.ConnectAsync(uri));
        await AssertEchoesAsync(steady, "2");

        var enabled = await PostActionAsync(server, "/api/v1/listeners/extra/enable");

        Assert.Equal("enabled", State(enabled));
        await AssertEchoesAsync(server.ListenerUri("extra", "/echo"), "back");
        await AssertEchoesAsync(steady, "3");
        Assert.Equal(WebSocketState.Open, steady.State);
    }

    [Fact]
    public async Task Delete_Listener_UnbindsAndIsGone()
    {
        await using var server = await TestServer.StartAsync();
        using var steady = await WebSocketTestExtensions.ConnectAsync(server.EchoUri);
        await CreateAsync(server, EchoListener("extra"));
        var uri = server.ListenerUri("extra", "/echo");

        using var response = await server.Admin.DeleteAsync("/api/v1/listeners/extra");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var get = await server.Admin.GetAsync("/api/v1/listeners/extra");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(["default"], await IdsAsync(server));
        await Assert.ThrowsAnyAsync<Exception>(() => WebSocketTestExtensions.ConnectAsync(uri));
        await AssertEchoesAsync(steady, "still here");
    }
}
