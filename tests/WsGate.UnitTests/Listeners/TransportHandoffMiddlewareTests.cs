using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Listeners;
using WsGate.Testing;
using WsGate.UnitTests.Connections;

namespace WsGate.UnitTests.Listeners;

public sealed class TransportHandoffMiddlewareTests
{
    [Fact]
    public async Task OnConnectionAsync_RequestDetached_HandlerGetsTheConnectionsTransportAfterHttpReturns()
    {
        var pipe = new TestDuplexPipe();
        var connection = new DefaultConnectionContext("c1", pipe, new TestDuplexPipe()) { ConnectionClosed = new CancellationToken(canceled: true) };
        var middleware = new TransportHandoffMiddleware("default", TimeProvider.System, NullLogger.Instance);
        var httpReturned = false;
        var handler = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        await middleware.OnConnectionAsync(connection, async http =>
        {
            var context = new DefaultHttpContext();
            context.Features.Set(http.Features.Get<ConnectionHandoff>());
            await TransportHandoffMiddleware.RunRequestAsync(context, async c =>
            {
                var handoff = c.Features.Get<ConnectionHandoff>()!;
                handoff.Detach();
                var transport = await handoff.TransportAsync();
                handler.SetResult(httpReturned);
                await transport.Output.WriteAsync("from the handler"u8.ToArray());
            });
            httpReturned = true;
        });

        Assert.True(await handler.Task, "the transport was handed over while HTTP still had it");
        var sent = await pipe.Sent.ReadAsync();
        Assert.Equal("from the handler", Encoding.ASCII.GetString(sent.Buffer));
        pipe.Sent.AdvanceTo(sent.Buffer.End);
        Assert.True((await pipe.Sent.ReadAsync()).IsCompleted, "the connection's output was not completed when the handler finished");
    }

    [Fact]
    public async Task OnConnectionAsync_RequestNotDetached_ReturnsWithoutTouchingTheTransport()
    {
        var pipe = new TestDuplexPipe();
        var connection = new DefaultConnectionContext("c2", pipe, new TestDuplexPipe());
        var middleware = new TransportHandoffMiddleware("default", TimeProvider.System, NullLogger.Instance);
        ConnectionHandoff? seen = null;

        await middleware.OnConnectionAsync(connection, http =>
        {
            seen = http.Features.Get<ConnectionHandoff>();
            return Task.CompletedTask;
        });

        Assert.NotNull(seen);
        await Assert.ThrowsAsync<IOException>(() => seen.TransportAsync());
        Assert.False((await pipe.Peer.WriteAsync("still open"u8.ToArray())).IsCompleted, "the transport's input was completed");
    }

    [Fact]
    public async Task OnConnectionAsync_PeerNeverLetsTheConnectionClose_AbortedAfterTheDrainTimeout()
    {
        var clock = new ManualTimeProvider();
        var closed = new CancellationTokenSource();
        var connection = new AbortRecordingConnection(new TestDuplexPipe(), closed.Token);
        var middleware = new TransportHandoffMiddleware("default", clock, NullLogger.Instance);

        await middleware.OnConnectionAsync(connection, DetachAndFinish);
        clock.Advance(TimeSpan.FromSeconds(4));
        var abortedEarly = connection.Aborted;
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.False(abortedEarly);
        await Eventually.TrueAsync(() => Task.FromResult(connection.Aborted), TimeSpan.FromSeconds(10), "the connection was aborted");
    }

    [Fact]
    public async Task OnConnectionAsync_ConnectionClosesInTime_NotAborted()
    {
        var clock = new ManualTimeProvider();
        var closed = new CancellationTokenSource();
        var connection = new AbortRecordingConnection(new TestDuplexPipe(), closed.Token);
        var middleware = new TransportHandoffMiddleware("default", clock, NullLogger.Instance);

        await middleware.OnConnectionAsync(connection, DetachAndFinish);
        await closed.CancelAsync();
        clock.Advance(TimeSpan.FromSeconds(6));

        Assert.False(connection.Aborted);
    }

    [Fact]
    public void Release_HeartbeatRegisteredByHttp_IsNoLongerCalled()
    {
        var heartbeat = new RecordingHeartbeat();
        var connection = new DefaultConnectionContext("c3", new TestDuplexPipe(), new TestDuplexPipe());
        connection.Features.Set<IConnectionHeartbeatFeature>(heartbeat);
        var ticks = 0;
        var http = new HandoffConnectionContext(connection, new ConnectionHandoff(CancellationToken.None));

        http.Features.Get<IConnectionHeartbeatFeature>()!.OnHeartbeat(_ => ticks++, this);
        heartbeat.Tick();
        http.Release();
        heartbeat.Tick();

        Assert.Equal(1, ticks);
    }

    /// <summary>A request that detaches at once and whose handler finishes as soon as it has the transport.</summary>
    private static Task DetachAndFinish(ConnectionContext http)
    {
        var context = new DefaultHttpContext();
        context.Features.Set(http.Features.Get<ConnectionHandoff>());
        return TransportHandoffMiddleware.RunRequestAsync(context, async c =>
        {
            var handoff = c.Features.Get<ConnectionHandoff>()!;
            handoff.Detach();
            await handoff.TransportAsync();
        });
    }

    private sealed class AbortRecordingConnection(TestDuplexPipe pipe, CancellationToken closed) : DefaultConnectionContext("c4", pipe, new TestDuplexPipe())
    {
        private volatile bool _aborted;

        public bool Aborted => _aborted;

        public override CancellationToken ConnectionClosed
        {
            get => closed;
            set { }
        }

        public override void Abort(ConnectionAbortedException abortReason) => _aborted = true;
    }

    private sealed class RecordingHeartbeat : IConnectionHeartbeatFeature
    {
        private readonly List<(Action<object> Action, object State)> _callbacks = [];

        public void OnHeartbeat(Action<object> action, object state) => _callbacks.Add((action, state));

        public void Tick()
        {
            foreach (var (action, state) in _callbacks)
            {
                action(state);
            }
        }
    }
}
