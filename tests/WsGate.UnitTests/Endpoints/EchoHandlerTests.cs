using System.Net.WebSockets;
using System.Text;
using WsGate.Configuration;
using WsGate.Endpoints;
using WsGate.Listeners;
using WsGate.UnitTests.Connections;

namespace WsGate.UnitTests.Endpoints;

public sealed class EchoHandlerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_ClientStopsReadingOnAListenerWithOneWorker_OtherConnectionStillEchoed()
    {
        var listener = new ListenerRuntime(
            new ListenerConfig { Id = "narrow", Bindings = ["127.0.0.1:0"], Workers = new WorkersConfig { MaxConcurrent = 1, QueueLimit = 4 } },
            new WorkerScheduler(machineSlots: 4));
        var handler = new EchoHandler();
        await using var stalled = await LoopbackSession.CreateAsync("stalled", listener, stallWrites: true, "/echo", "echo");
        await using var other = await LoopbackSession.CreateAsync("other", listener, stallWrites: false, "/echo", "echo");
        var stalledRun = handler.RunAsync(stalled.Session);
        var otherRun = handler.RunAsync(other.Session);

        // The stalled client's echo cannot be written (it reads nothing), so its handler waits inside the send.
        await stalled.Client.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        await stalled.Stream!.WriteStarted.Task.WaitAsync(Timeout);

        Assert.Equal(0, listener.Workers!.InUse);
        await other.Client.SendAsync("still here"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64];
        var echo = await other.Client.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal("still here", Encoding.UTF8.GetString(buffer, 0, echo.Count));
        Assert.False(stalledRun.IsCompleted);
        Assert.False(otherRun.IsCompleted);
    }
}
