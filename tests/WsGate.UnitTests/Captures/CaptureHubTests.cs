using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Analytics;
using WsGate.Captures;
using WsGate.Cluster;
using WsGate.Configuration.Captures;
using WsGate.Connections;
using WsGate.Listeners;
using WsGate.Storage;
using WsGate.Storage.Sqlite;
using WsGate.Testing;

namespace WsGate.UnitTests.Captures;

/// <summary>The capture hub on a real SQLite store, its writer running.</summary>
public sealed class CaptureHubTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ManualTimeProvider _clock = new();
    private SqliteStore _store = null!;
    private FailingCaptureStore _captures = null!;
    private CaptureHub _hub = null!;
    private GatewayMetrics _metrics = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(_folder.File("wsgate.db"));
        await _store.OpenAsync();
        _captures = new FailingCaptureStore(_store.Captures);
        var node = new LocalNode(new ClusterOptions { NodeId = "n1" }, new ConnectionRegistry(NullLogger<ConnectionRegistry>.Instance), _clock);
        _metrics = new GatewayMetrics(new ConnectionRegistry(NullLogger<ConnectionRegistry>.Instance), new WorkerScheduler());
        _hub = new CaptureHub(_captures, node, _metrics, _clock, NullLogger<CaptureHub>.Instance);
        await _hub.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _hub.StopAsync(CancellationToken.None);
        _hub.Dispose();
        _metrics.Dispose();
        await _store.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task StartAsync_MoreAtOnceThanTheLimit_OnlyTheLimitStarts()
    {
        var starts = await Task.WhenAll(Enumerable.Range(0, CaptureLimits.MaxRunning + 4).Select(i => Task.Run(() => StartAsync($"api{i}"))));

        Assert.Equal(CaptureLimits.MaxRunning, starts.Count(s => s.Run is not null));
        Assert.All(starts.Where(s => s.Run is null), s => Assert.Contains("running already", s.Refusal, StringComparison.Ordinal));
        Assert.Equal(CaptureLimits.MaxRunning, _hub.Index.Runs.Count);
    }

    [Fact]
    public async Task StartAsync_StoredWithTheNodeAndDeadlineStopsIt()
    {
        var (run, _) = await StartAsync("chat");

        _clock.Advance(TimeSpan.FromMinutes(1));
        await run!.Settled.WaitAsync(TimeSpan.FromSeconds(30));

        var stored = await _store.Captures.FindAsync(run.Id);
        Assert.Equal(("n1", StoredCapture.Stopped, "duration reached"), (stored!.NodeId, stored.State, stored.StopReason));
        Assert.Same(CaptureIndex.Empty, _hub.Index);
    }

    [Fact]
    public async Task StopAsync_FinalStateWritten_RunLeftToTheStore()
    {
        var (run, _) = await StartAsync("chat");

        Assert.True(await _hub.StopAsync(run!.Id, "stopped by request", CancellationToken.None));

        Assert.Null(_hub.Find(run.Id));
        Assert.Equal(StoredCapture.Stopped, (await _store.Captures.FindAsync(run.Id))!.State);
        Assert.False(await _hub.StopAsync(run.Id, "again", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_Running_RefusedAndKept()
    {
        var (run, _) = await StartAsync("chat");

        Assert.False(await _hub.DeleteAsync(run!.Id, CancellationToken.None));

        Assert.Equal(StoredCapture.Running, (await _store.Captures.FindAsync(run.Id))!.State);
    }

    [Fact]
    public async Task Message_OneCapturesWriteFails_OnlyThatCaptureStops()
    {
        var (failing, _) = await StartAsync("chat");
        var (healthy, _) = await StartAsync("chat");
        _captures.FailFor = failing!.Id;
        var subject = new CaptureSubject("chat", "c1", null);

        _hub.Message(_hub.Index.For(subject), subject, true, true, "hello"u8, 5, true);
        await failing.Settled.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("store write failed", failing.Snapshot().StopReason, StringComparison.Ordinal);
        Assert.False(healthy!.IsStopped);
        Assert.Same(healthy, Assert.Single(_hub.Index.Runs));
        await Eventually.TrueAsync(async () => (await _store.Captures.ReadAsync(healthy.Id, 0, 10)).Count == 1);
    }

    [Fact]
    public async Task Metrics_CaptureRunningAndWriting_RunningGaugeAndWrittenCounterOnTheScrape()
    {
        using var collector = new MetricsCollector(_metrics);
        collector.Start();
        var (run, _) = await StartAsync("chat");
        var subject = new CaptureSubject("chat", "c1", null);

        _hub.Message(_hub.Index.For(subject), subject, true, true, "hello"u8, 5, true);
        _hub.Message(_hub.Index.For(subject), subject, false, true, "hello"u8, 5, true);
        await Eventually.TrueAsync(() => _hub.Written == 2);

        var families = PrometheusFormat.Parse(PrometheusText.Write(collector.Collect()));
        Assert.Equal(1, Assert.Single(families["wsgate_captures_running"].Samples).Value);
        Assert.Equal("counter", families["wsgate_captures_records_written_total"].Type);
        Assert.Equal(2, Assert.Single(families["wsgate_captures_records_written_total"].Samples).Value);
        Assert.Equal(0, Assert.Single(families["wsgate_captures_records_dropped_total"].Samples).Value);

        await _hub.StopAsync(run!.Id, "stopped by request", CancellationToken.None);
        Assert.Equal(0, Assert.Single(PrometheusFormat.Parse(PrometheusText.Write(collector.Collect()))["wsgate_captures_running"].Samples).Value);
    }

    private Task<(CaptureRun? Run, string? Refusal)> StartAsync(string api) =>
        _hub.StartAsync(
            new CaptureRequest { Target = new CaptureTarget { Api = api }, MaxMessages = 100, MaxBytes = 10_000, DurationMs = 60_000 },
            "{}",
            "admin",
            routes: null,
            CancellationToken.None);
}
