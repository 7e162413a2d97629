using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using WsGate.Channels;
using WsGate.Configuration;
using WsGate.Connections;
using WsGate.Listeners;

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
        await using var stalled = await Connection.CreateAsync("stalled", listener, stallWrites: true);
        await using var other = await Connection.CreateAsync("other", listener, stallWrites: false);
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

    /// <summary>A server stream whose writes never finish (until cancelled): a client that stopped reading, its buffers full.</summary>
    private sealed class StallingStream(Stream inner) : Stream
    {
        public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WriteStarted.TrySetResult();
            await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class Connection : IAsyncDisposable
    {
        private Connection(WebSocketSession session, WebSocket client, StallingStream? stream)
        {
            Session = session;
            Client = client;
            Stream = stream;
        }

        public WebSocketSession Session { get; }

        public WebSocket Client { get; }

        public StallingStream? Stream { get; }

        public static async Task<Connection> CreateAsync(string id, ListenerRuntime listener, bool stallWrites)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
#pragma warning disable CA2000 // Its stream is handed to clientSocket below, which disposes it and the socket it owns.
            var client = new TcpClient();
#pragma warning restore CA2000
            await client.ConnectAsync((IPEndPoint)tcp.LocalEndpoint);
            var server = await tcp.AcceptTcpClientAsync();
#pragma warning disable CA2000 // The session owns serverSocket (and the stream under it) and the connection clientSocket; DisposeAsync disposes both.
            var stream = stallWrites ? new StallingStream(server.GetStream()) : null;
            var serverSocket = WebSocket.CreateFromStream((Stream?)stream ?? server.GetStream(), isServer: true, subProtocol: null, keepAliveInterval: System.Threading.Timeout.InfiniteTimeSpan);
            var clientSocket = WebSocket.CreateFromStream(client.GetStream(), isServer: false, subProtocol: null, keepAliveInterval: System.Threading.Timeout.InfiniteTimeSpan);
#pragma warning restore CA2000
            var session = new WebSocketSession(id, serverSocket, listener, "/channel", "channel", null, null, TimeProvider.System);
            return new Connection(session, clientSocket, stream);
        }

        public async ValueTask DisposeAsync()
        {
            Session.Abort();
            await Session.DisposeAsync();
            Client.Abort();
            Client.Dispose();
        }
    }
}
