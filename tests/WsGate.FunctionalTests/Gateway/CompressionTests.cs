using System.Net.WebSockets;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>permessage-deflate (RFC 7692) is negotiated on the client's leg of a frames API when the client offers it.</summary>
public sealed class CompressionTests(CompressionTests.Fixture fixture) : IClassFixture<CompressionTests.Fixture>
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Handshake_ClientOffersDeflate_NegotiatedAndMessagesRoundTrip()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/chat/v1"), o =>
        {
            o.CollectHttpResponseDetails = true;
            o.DangerousDeflateOptions = new WebSocketDeflateOptions();
        });
        var compressible = string.Concat(Enumerable.Repeat("compress me please; ", 500));

        var echoed = await socket.EchoAsync(compressible);
        await socket.SendBinaryAsync(new byte[64 * 1024]);
        var binary = await socket.ReceiveMessageAsync();

        Assert.Contains("permessage-deflate", Extensions(socket), StringComparison.Ordinal);
        Assert.Equal(compressible, echoed);
        Assert.Equal(new byte[64 * 1024], binary.Data);
    }

    [Fact]
    public async Task Handshake_ClientDoesNotOfferDeflate_NoExtensionAndMessagesRoundTrip()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/chat/v1"), o => o.CollectHttpResponseDetails = true);

        var echoed = await socket.EchoAsync("plain");

        Assert.Equal("", Extensions(socket));
        Assert.Equal("plain", echoed);
    }

    private static string Extensions(ClientWebSocket socket) =>
        socket.HttpResponseHeaders is { } headers && headers.TryGetValue("Sec-WebSocket-Extensions", out var values) ? string.Join(",", values) : "";

    public sealed class Fixture : GatewayFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await Server.PublishApiAsync("chat", "/chat", [Backend.Url("/echo")]);
        }
    }
}
