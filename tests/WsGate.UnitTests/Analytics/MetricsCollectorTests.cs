using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Analytics;
using WsGate.Configuration;
using WsGate.Connections;
using WsGate.Listeners;
using WsGate.Testing;

namespace WsGate.UnitTests.Analytics;

/// <summary>The WsGate meter through the collector and the text writer, without a server: what a scrape of /metrics shows.</summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly WorkerScheduler _workers = new(machineSlots: 4);
    private readonly GatewayMetrics _metrics;
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests()
    {
        _metrics = new GatewayMetrics(new ConnectionRegistry(NullLogger<ConnectionRegistry>.Instance), _workers);
        _collector = new MetricsCollector(_metrics);
        _collector.Start();
    }

    public void Dispose()
    {
        _collector.Dispose();
        _metrics.Dispose();
    }

    private IReadOnlyDictionary<string, PrometheusFormat.Family> Scrape() => PrometheusFormat.Parse(PrometheusText.Write(_collector.Collect()));

    [Fact]
    public async Task Collect_ListenerWithWorkerLimits_InUseAndQueuedGaugesPerListener()
    {
        var counters = new ListenerCounters();
        var pool = _workers.CreatePool("edge", new WorkersConfig { MaxConcurrent = 1, QueueLimit = 1 }, counters);
        Assert.True(await pool.EnterAsync(refuseWhenQueueFull: true, CancellationToken.None));
        var waiting = pool.EnterAsync(refuseWhenQueueFull: true, CancellationToken.None).AsTask();
        Assert.False(await pool.EnterAsync(refuseWhenQueueFull: true, CancellationToken.None));
        // The admission step counts the refusal in the listener's counters, which the metric reads.
        counters.CountWorkersRefused();

        var families = Scrape();

        Assert.Equal("gauge", families["wsgate_workers_in_use"].Type);
        Assert.Equal(1, Assert.Single(families["wsgate_workers_in_use"].Samples, s => s.Labels["listener"] == "edge").Value);
        Assert.Equal(1, Assert.Single(families["wsgate_workers_queued"].Samples, s => s.Labels["listener"] == "edge").Value);
        Assert.Equal(1, Assert.Single(families["wsgate_workers_refused_total"].Samples, s => s.Labels["listener"] == "edge").Value);
        pool.Exit();
        Assert.True(await waiting);
        pool.Exit();
    }

    [Fact]
    public void MessageThrottled_EachCall_CountsOncePerLabelSet()
    {
        _metrics.MessageThrottled("default", "quotes", "app-1", "dropped");
        _metrics.MessageThrottled("default", "quotes", "app-1", "dropped");
        _metrics.MessageThrottled("default", "quotes", null, "delayed");

        var family = Scrape()["wsgate_messages_throttled_total"];

        Assert.Equal("counter", family.Type);
        var dropped = Assert.Single(family.Samples, s => s.Labels["action"] == "dropped");
        Assert.Equal(2, dropped.Value);
        Assert.Equal("app-1", dropped.Labels["application"]);
        Assert.Equal("quotes", dropped.Labels["api"]);
        Assert.Equal("default", dropped.Labels["listener"]);
        var delayed = Assert.Single(family.Samples, s => s.Labels["action"] == "delayed");
        Assert.Equal("", delayed.Labels["application"]);
        Assert.Equal(1, delayed.Value);
    }

    [Fact]
    public void ConnectionOpened_HandshakeLatency_IsAHistogramInSeconds()
    {
        _metrics.ConnectionOpened("default", "quotes", TimeSpan.FromMilliseconds(3));
        _metrics.ConnectionOpened("default", "quotes", TimeSpan.FromMilliseconds(30));
        _metrics.ConnectionOpened("default", "quotes", TimeSpan.FromSeconds(60));

        var families = Scrape();
        var histogram = families["wsgate_handshake_duration_seconds"];

        Assert.Equal("histogram", histogram.Type);
        double Bucket(string le) => histogram.Samples.Single(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal) && s.Labels["le"] == le).Value;
        Assert.Equal(0, Bucket("0.0025"));
        Assert.Equal(1, Bucket("0.005"));
        Assert.Equal(2, Bucket("0.05"));
        Assert.Equal(2, Bucket("10"));
        Assert.Equal(3, Bucket("+Inf"));
        Assert.Equal(3, histogram.Samples.Single(s => s.Name == "wsgate_handshake_duration_seconds_count").Value);
        Assert.Equal(60.033, histogram.Samples.Single(s => s.Name == "wsgate_handshake_duration_seconds_sum").Value, 6);
        Assert.Equal(3, families["wsgate_connections_opened_total"].Samples.Single().Value);
    }

    [Fact]
    public void Relayed_SeriesExists_AllocatesNothing()
    {
        // The relay records one sampled burst in 64: once its series exists, recording must not allocate.
        _metrics.Relayed("quotes", TimeSpan.FromMilliseconds(1));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _metrics.Relayed("quotes", TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001, Scrape()["wsgate_relay_duration_seconds"].Samples.Single(s => s.Name == "wsgate_relay_duration_seconds_count").Value);
    }

    [Fact]
    public void HandshakeRefused_NumberLabel_SameSeriesAsFormattedOnce()
    {
        // Labels are found by their formatted key (sorted by name, values formatted invariantly) on the fast path and
        // built once on the slow one: both must land in the same series.
        _metrics.HandshakeRefused("default", "quotes", 429);
        _metrics.HandshakeRefused("default", "quotes", 429);
        _metrics.HandshakeRefused("default", null, 404);

        var samples = Scrape()["wsgate_handshakes_refused_total"].Samples;

        Assert.Equal(2, samples.Count);
        Assert.Equal(2, Assert.Single(samples, s => s.Labels["status"] == "429").Value);
        Assert.Equal(1, Assert.Single(samples, s => s.Labels["status"] == "404" && s.Labels["api"] == "").Value);
    }

    [Fact]
    public void Collect_NoConnections_ShowsZeroActiveAndNoTraffic()
    {
        var families = Scrape();

        Assert.Equal("gauge", families["wsgate_connections_active"].Type);
        Assert.Empty(families["wsgate_connections_active"].Samples);
        Assert.Empty(families["wsgate_messages_in_total"].Samples);
    }

    [Fact]
    public void Stop_ThenStart_ForgetsSeriesAndCountsAgain()
    {
        _metrics.AuthFailed("default", "quotes", "invalid_token");
        _collector.Stop();
        _metrics.AuthFailed("default", "quotes", "invalid_token");
        Assert.Empty(_collector.Collect());

        _collector.Start();
        _metrics.AuthFailed("default", "quotes", "invalid_token");

        Assert.Equal(1, Scrape()["wsgate_auth_failures_total"].Samples.Single().Value);
    }
}
