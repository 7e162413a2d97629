using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Configuration.Outbound;
using WsGate.Connections;
using WsGate.Forwarding;
using WsGate.Management;
using WsGate.Outbound;
using WsGate.Routing;
using WsGate.Rules;
using WsGate.Testing;

namespace WsGate.UnitTests.Outbound;

/// <summary>The reconnect loop on a manual clock: backoff timing is checked by moving time, not by sleeping.</summary>
public sealed class OutboundClientTests
{
    private static OutboundClient Create(OutboundClientConfig config, ManualTimeProvider clock)
    {
        var connector = new OutboundConnector(new BackendConnector(new LiveConfig()), clock);
        return new OutboundClient(config, connector, new RuleQueue(clock, NullLogger<RuleQueue>.Instance), clock, NullLogger.Instance);
    }

    [Fact]
    public async Task Start_ServerDown_BacksOffOnTheClockAndRetries()
    {
        var clock = new ManualTimeProvider();
        var port = FreePort.Find();
        await using var client = Create(new OutboundClientConfig
        {
            Id = "down",
            Host = "127.0.0.1",
            Port = port,
            Reconnect = new ReconnectConfig { Enabled = true, IntervalSeconds = 5, MaxIntervalSeconds = 60, JitterPercent = 0 },
        }, clock);

        client.Start();
        await Eventually.TrueAsync(() => client.State == OutboundClientState.BackingOff, because: "the first attempt fails");
        var first = client.Status;
        Assert.Equal(1, first.Failures);
        Assert.Equal("connection refused", first.LastError);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(5), first.NextAttemptAt);

        // Not yet due: nothing happens.
        clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        Assert.Equal(1, client.Status.Failures);

        // Due: the second attempt fails too, and the next wait doubles.
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => client.Status is { Failures: 2, State: OutboundClientState.BackingOff }, because: "the second attempt");
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(10), client.Status.NextAttemptAt);
        Assert.Equal(2, client.Status.Attempt);
    }

    [Fact]
    public async Task Start_ServerDownWithoutReconnect_StopsWithReason()
    {
        var clock = new ManualTimeProvider();
        await using var client = Create(new OutboundClientConfig { Id = "once", Host = "127.0.0.1", Port = FreePort.Find() }, clock);

        client.Start();

        await Eventually.TrueAsync(() => client.Status is { State: OutboundClientState.Stopped, Failures: 1 }, because: "one attempt, then stopped");
        Assert.Equal("connection refused", client.Status.LastError);
    }

    [Fact]
    public async Task Start_ServerComesUpDuringBackoff_OpensOnNextAttempt()
    {
        var clock = new ManualTimeProvider();
        var port = FreePort.Find();
        await using var client = Create(new OutboundClientConfig
        {
            Id = "late",
            Host = "127.0.0.1",
            Port = port,
            Reconnect = new ReconnectConfig { Enabled = true, IntervalSeconds = 3, JitterPercent = 0 },
        }, clock);
        client.Start();
        await Eventually.TrueAsync(() => client.State == OutboundClientState.BackingOff);

        await using var server = RawWebSocketServer.Start(port);
        clock.Advance(TimeSpan.FromSeconds(3));

        await Eventually.TrueAsync(() => client.State == OutboundClientState.Open, because: "the retry finds the server");
        Assert.Equal(0, client.Status.Attempt);
        Assert.Null(client.Status.LastError);
    }
}
