using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using WsGate.Channels;
using WsGate.Configuration;
using WsGate.Connections;
using WsGate.Listeners;
using WsGate.UnitTests.Connections;

namespace WsGate.UnitTests.Channels;

public sealed class ChannelHandlerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_ClientStopsReadingOnAListenerWithOneWorker_OtherConnectionStillAnswered()
    {
        var listener = new ListenerRuntime(
            new ListenerConfig { Id = "narrow", Bindings = ["127.0.0.1:0"], Workers = new WorkersConfig { MaxConcurrent = 1, QueueLimit = 4 } },
            new WorkerScheduler(machineSlots: 4));
        var handler = new ChannelHandler(new ChannelBroker());
        await using var stalled = await LoopbackSession.CreateAsync("stalled", listener, stallWrites: true);
        await using var other = await LoopbackSession.CreateAsync("other", listener, stallWrites: false);
        var stalledRun = handler.RunAsync(stalled.Session);
        var otherRun = handler.RunAsync(other.Session);

        // The stalled client's reply cannot be written (it reads nothing), so its handler waits inside the send.
        await stalled.Client.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        await stalled.Stream!.WriteStarted.Task.WaitAsync(Timeout);

        Assert.Equal(0, listener.Workers!.InUse);
        await other.Client.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64];
        var reply = await other.Client.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal("pong", Encoding.UTF8.GetString(buffer, 0, reply.Count));
        Assert.False(stalledRun.IsCompleted);
        Assert.False(otherRun.IsCompleted);
    }
}
