using System.Net.Sockets;
using System.Text;
using WsGate.Protocol;
using WsGate.UnitTests.Protocol;

namespace WsGate.UnitTests.Forwarding;

public sealed class RelayConnectionTests
{
    private static async Task SendInPiecesAsync(Socket socket, byte[] data, int seed)
    {
        // Small, uneven pieces with a pause now and then, so the relay receives frames split across its reads.
        var random = new Random(seed);
        for (var offset = 0; offset < data.Length;)
        {
            var piece = Math.Min(random.Next(1, 9), data.Length - offset);
            await socket.SendAsync(data.AsMemory(offset, piece), SocketFlags.None);
            offset += piece;
            if (random.Next(4) == 0)
            {
                await Task.Delay(1);
            }
        }
    }

    [Fact]
    public async Task Run_ClientFramesInSmallPieces_BackendGetsTheDataFramesByteForByte()
    {
        await using var relay = await RelayHarness.StartAsync();
        var text = Encoding.UTF8.GetBytes("κόσμε, a text long enough for a 16-bit length: " + new string('x', 150));
        byte[][] data = [Frames.Client(Opcode.Text, text.AsSpan(0, 20), fin: false), Frames.Client(Opcode.Continuation, text.AsSpan(20)), Frames.Client(Opcode.Binary, [1, 2, 3])];
        var ping = Frames.Client(Opcode.Ping, "still there?"u8);
        byte[] stream = [.. data[0], .. ping, .. data[1], .. data[2]];

        await SendInPiecesAsync(relay.Client, stream, seed: 1);
        var backend = new FrameSink(relay.Backend);
        var client = new FrameSink(relay.Client);

        // The data frames arrive as they were sent, masks and all (RFC 6455 section 5.3); the ping stays on the client's leg.
        foreach (var frame in data)
        {
            Assert.Equal(frame, (await backend.NextAsync())!.Raw);
        }

        var pong = await client.NextAsync();
        Assert.Equal(Opcode.Pong, pong!.Opcode);
        Assert.False(pong.Masked);
        Assert.Equal("still there?"u8.ToArray(), pong.Payload);
    }

    [Fact]
    public async Task Run_BackendPing_AnsweredOnTheBackendLegWithAMaskedPong()
    {
        await using var relay = await RelayHarness.StartAsync();

        await relay.Backend.SendAsync(Frames.Build(Opcode.Ping, "hb"u8), SocketFlags.None);
        var pong = await new FrameSink(relay.Backend).NextAsync();

        Assert.Equal(Opcode.Pong, pong!.Opcode);
        Assert.True(pong.Masked);
        Assert.Equal("hb"u8.ToArray(), pong.Payload);
    }

    [Fact]
    public async Task Run_ClientCloses_CloseCrossesBothWaysAndTheRelayEnds()
    {
        await using var relay = await RelayHarness.StartAsync();
        var close = Frames.Client(Opcode.Close, Frames.ClosePayload(4001, "bye"));
        var backend = new FrameSink(relay.Backend);
        var client = new FrameSink(relay.Client);

        await relay.Client.SendAsync(close, SocketFlags.None);
        Assert.Equal(close, (await backend.NextAsync())!.Raw);
        await relay.Backend.SendAsync(Frames.Build(Opcode.Close, Frames.ClosePayload(4001, "bye")), SocketFlags.None);
        var answer = await client.NextAsync();

        Assert.Equal(4001, answer!.CloseCode);
        Assert.Equal("bye", answer.CloseReason);

        // The client's closing handshake is done: WsGate, the server, ends TCP first (RFC 6455 section 7.1.1).
        Assert.True(await client.EndsAsync());
        relay.Client.Shutdown(SocketShutdown.Send);
        relay.Backend.Shutdown(SocketShutdown.Send);
        await relay.EndedAsync();
        Assert.Equal(4001, relay.Connection.CloseCode);
    }

    [Fact]
    public async Task Run_ClientBreaksTheProtocol_Client1002Backend1001()
    {
        await using var relay = await RelayHarness.StartAsync();

        await relay.Client.SendAsync(Frames.Build(Opcode.Text, "unmasked"u8), SocketFlags.None);
        var toClient = await new FrameSink(relay.Client).NextAsync();
        var toBackend = await new FrameSink(relay.Backend).NextAsync();

        Assert.Equal(1002, toClient!.CloseCode);
        Assert.Equal(1001, toBackend!.CloseCode);
        Assert.True(toBackend.Masked);
        Assert.StartsWith("client connection failed", toBackend.CloseReason, StringComparison.Ordinal);
        Assert.NotNull(relay.Connection.ProtocolError);
    }

    [Fact]
    public async Task Run_BackendBreaksTheProtocol_Client1014Backend1002()
    {
        await using var relay = await RelayHarness.StartAsync();

        await relay.Backend.SendAsync(Frames.Build(Opcode.Text, "x"u8, rsv: 0b010), SocketFlags.None);
        var toClient = await new FrameSink(relay.Client).NextAsync();
        var toBackend = await new FrameSink(relay.Backend).NextAsync();

        Assert.Equal(1014, toClient!.CloseCode);
        Assert.Equal("backend sent an invalid frame", toClient.CloseReason);
        Assert.Equal(1002, toBackend!.CloseCode);
    }

    [Fact]
    public async Task Run_MessageOverTheLimit_Client1009AndNothingOfItForwarded()
    {
        await using var relay = await RelayHarness.StartAsync(maxMessageSize: 100);
        var backend = new FrameSink(relay.Backend);

        await relay.Client.SendAsync(Frames.Client(Opcode.Binary, new byte[60], fin: false), SocketFlags.None);
        Assert.Equal(60, (await backend.NextAsync())!.Payload.Length);
        await relay.Client.SendAsync(Frames.Client(Opcode.Continuation, new byte[60]), SocketFlags.None);
        var toClient = await new FrameSink(relay.Client).NextAsync();
        var toBackend = await backend.NextAsync();

        Assert.Equal(1009, toClient!.CloseCode);
        Assert.Equal(Opcode.Close, toBackend!.Opcode);
        Assert.Equal(1001, toBackend.CloseCode);
    }

    [Fact]
    public async Task Run_BackendHangsUpWithoutClose_Client1011()
    {
        await using var relay = await RelayHarness.StartAsync();

        relay.Backend.Shutdown(SocketShutdown.Both);
        var toClient = await new FrameSink(relay.Client).NextAsync();

        Assert.Equal(1011, toClient!.CloseCode);
        Assert.Equal("backend connection lost", toClient.CloseReason);
    }

    [Fact]
    public async Task Run_ClientHangsUpWithoutClose_Backend1001()
    {
        await using var relay = await RelayHarness.StartAsync();

        relay.Client.Shutdown(SocketShutdown.Both);
        var toBackend = await new FrameSink(relay.Backend).NextAsync();

        Assert.Equal(1001, toBackend!.CloseCode);
        Assert.Equal("client connection lost", toBackend.CloseReason);
        relay.Backend.Shutdown(SocketShutdown.Send);
        await relay.EndedAsync();
        Assert.Null(relay.Connection.CloseCode);
    }

    [Fact]
    public async Task Run_StreamMode_ControlFramesPassThrough()
    {
        await using var relay = await RelayHarness.StartAsync(strict: false);
        var ping = Frames.Client(Opcode.Ping, "end to end"u8);

        await relay.Client.SendAsync(ping, SocketFlags.None);

        Assert.Equal(ping, (await new FrameSink(relay.Backend).NextAsync())!.Raw);
    }

    [Fact]
    public async Task CloseAsync_WsGateCloses_BothSidesGetTheCodeAndTheRelayEnds()
    {
        await using var relay = await RelayHarness.StartAsync();
        var client = new FrameSink(relay.Client);
        var backend = new FrameSink(relay.Backend);

        await relay.Connection.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
        var toClient = await client.NextAsync();
        var toBackend = await backend.NextAsync();
        await relay.Client.SendAsync(Frames.Client(Opcode.Close, Frames.ClosePayload(1001)), SocketFlags.None);
        await relay.Backend.SendAsync(Frames.Build(Opcode.Close, Frames.ClosePayload(1001)), SocketFlags.None);
        relay.Backend.Shutdown(SocketShutdown.Send);

        Assert.Equal(1001, toClient!.CloseCode);
        Assert.Equal(1001, toBackend!.CloseCode);
        Assert.True(await client.EndsAsync());
        relay.Client.Shutdown(SocketShutdown.Send);
        await relay.EndedAsync();
    }
}
