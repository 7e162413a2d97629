using System.Net.WebSockets;
using System.Text.Json.Nodes;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>IP access rules act on the TCP connection before HTTP: a denied client gets no HTTP bytes at all.</summary>
public sealed class AccessTests
{
    [Theory]
    [InlineData("allowByDefault", "", "127.0.0.1")]
    [InlineData("denyByDefault", "10.0.0.0/8", "")]
    public async Task Connect_DeniedAddress_ClosedWithoutHttpResponse(string mode, string allow, string deny)
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("guarded");
        listener["access"] = Access(mode, allow, deny);
        await CreateAsync(server, listener);
        var endpoint = EndPoint(server, "guarded");

        var answer = await SendRawAsync(endpoint, UpgradeRequest(endpoint.ToString(), "/echo"));

        Assert.Empty(answer);
        Assert.Equal(1, Counter(await GetAsync(server, "guarded"), "deniedByAccess"));
        await Assert.ThrowsAnyAsync<Exception>(() => WebSocketTestExtensions.ConnectAsync(server.ListenerUri("guarded", "/echo")));
        Assert.Equal(2, Counter(await GetAsync(server, "guarded"), "deniedByAccess"));
        Assert.Equal(0, Counter(await GetAsync(server, "guarded"), "accepted"));
    }

    [Fact]
    public async Task Put_AccessRules_TakeEffectLiveWithoutRebind()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("guarded");
        await CreateAsync(server, listener);
        var uri = server.ListenerUri("guarded", "/echo");
        var endpoint = EndPoint(server, "guarded");

        // A connection opened before the change shows that the socket is never rebound: a rebind would close it with 1001.
        using var early = await WebSocketTestExtensions.ConnectAsync(uri);

        listener["access"] = Access("allowByDefault", "", "127.0.0.1");
        await UpdateAsync(server, listener);

        Assert.Empty(await SendRawAsync(endpoint, UpgradeRequest(endpoint.ToString(), "/echo")));
        Assert.Equal(1, Counter(await GetAsync(server, "guarded"), "deniedByAccess"));

        listener["access"] = Access("denyByDefault", "127.0.0.0/8", "");
        await UpdateAsync(server, listener);

        Assert.Equal(uri, server.ListenerUri("guarded", "/echo"));
        await AssertEchoesAsync(uri, "allowed again");
        Assert.Equal(WebSocketState.Open, early.State);
        await AssertEchoesAsync(early, "never rebound");
        Assert.Equal(1, Counter(await GetAsync(server, "guarded"), "deniedByAccess"));
    }

    private static JsonObject Access(string mode, string allow, string deny) => new()
    {
        ["mode"] = mode,
        ["allow"] = new JsonArray(allow.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => (JsonNode)a).ToArray()),
        ["deny"] = new JsonArray(deny.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => (JsonNode)a).ToArray()),
    };
}
