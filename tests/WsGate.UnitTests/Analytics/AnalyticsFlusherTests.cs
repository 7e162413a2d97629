using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Analytics;
using WsGate.Configuration;
using WsGate.Connections;
using WsGate.Listeners;
using WsGate.Storage;
using WsGate.Storage.Sqlite;
using WsGate.Testing;

namespace WsGate.UnitTests.Analytics;

/// <summary>The flusher against a real SQLite store on a manual clock: minute attribution, retention, and nothing lost when a write fails.</summary>
public sealed class AnalyticsFlusherTests : IAsyncLifetime
{
    private static readonly UsageKey Key = new("quotes", "app-1", "default", "production");

    private readonly TempFolder _temp = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 10, 0, 30, TimeSpan.Zero));
    private readonly UsageRecorder _usage;
    private readonly FailureLog _failures = new();
    private readonly GatewayMetrics _metrics = new(new ConnectionRegistry(NullLogger<ConnectionRegistry>.Instance), new WorkerScheduler());
    private readonly MetricsCollector _collector;
    private readonly OtlpExport _otlp = new(NullLogger<OtlpExport>.Instance);
    private readonly GatewayAnalytics _analytics;
    private SqliteStore _store = null!;
    private FlakyUsageStore _flaky = null!;
    private AnalyticsFlusher _flusher = null!;

    public AnalyticsFlusherTests()
    {
        _usage = new UsageRecorder(_clock);
        _collector = new MetricsCollector(_metrics);
        _analytics = new GatewayAnalytics(_metrics, _collector, _usage, _failures, _otlp, _clock, NullLogger<GatewayAnalytics>.Instance);
    }

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(_temp.File("wsgate.db"));
        await _store.OpenAsync();
        _flaky = new FlakyUsageStore(_store.Usage);
        await _analytics.ApplyAsync(new GatewayConfig(), CancellationToken.None);
        _flusher = new AnalyticsFlusher(_analytics, _usage, _failures, _flaky, _clock, NullLogger<AnalyticsFlusher>.Instance);
        await _flusher.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _flusher.DisposeAsync();
        await _store.DisposeAsync();
        _otlp.Dispose();
        _collector.Dispose();
        _metrics.Dispose();
        _temp.Dispose();
    }

    private Task<IReadOnlyList<UsagePoint>> MinutesAsync() =>
        _store.Usage.QueryUsageAsync(new UsageQuery(_clock.GetUtcNow().AddDays(-1), _clock.GetUtcNow().AddDays(1), Interval: UsageInterval.Minute));

    [Fact]
    public async Task Timer_AtEachMinuteBoundary_WritesThatMinutesEvents()
    {
        _usage.Error(Key);
        _usage.Throttled(Key);
        _clock.Advance(TimeSpan.FromSeconds(40)); // 10:01:10, past the first boundary
        _usage.Throttled(Key);
        _clock.Advance(TimeSpan.FromSeconds(50)); // 10:02:00, the second

        await Eventually.TrueAsync(async () => (await MinutesAsync()).Count == 2, because: "both minutes are written at their boundaries");
        var minutes = await MinutesAsync();
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), minutes[0].Start);
        Assert.Equal(new UsageCounts(Errors: 1, Throttled: 1), minutes[0].Counts);
        Assert.Equal(new UsageCounts(Throttled: 1), minutes[1].Counts);
    }

    [Fact]
    public async Task FlushAsync_StoreFailsOnce_NothingIsLostOrDoubled()
    {
        _usage.Error(Key);
        _failures.Add(new FailureRecord(0, _clock.GetUtcNow(), FailureKinds.Backend, "", "quotes", "", null, "refused"));
        _flaky.FailNext = true;

        var written = await _flusher.FlushAsync();
        _usage.Error(Key);
        await _flusher.FlushAsync();

        Assert.Equal(0, written);
        var minute = Assert.Single(await MinutesAsync());
        Assert.Equal(2, minute.Counts.Errors);
        Assert.Single(await _store.Usage.QueryFailuresAsync(new FailureQuery()));
    }

    [Fact]
    public async Task StopAsync_WithPendingEvents_WritesThem()
    {
        _usage.Throttled(Key);

        await _flusher.StopAsync(CancellationToken.None);

        Assert.Equal(1, Assert.Single(await MinutesAsync()).Counts.Throttled);
    }

    [Fact]
    public async Task FlushAsync_RowsPastRetention_AreDeleted()
    {
        await _store.Usage.AddAsync([new UsageRollup(_clock.GetUtcNow().AddDays(-31), Key, new UsageCounts(Errors: 1), new Dictionary<int, long>())], []);
        await _store.Usage.AddAsync([new UsageRollup(_clock.GetUtcNow().AddDays(-29), Key, new UsageCounts(Errors: 1), new Dictionary<int, long>())], []);

        await _flusher.FlushAsync();

        var left = await _store.Usage.QueryUsageAsync(new UsageQuery(_clock.GetUtcNow().AddDays(-40), _clock.GetUtcNow(), Interval: UsageInterval.Day));
        Assert.Equal(_clock.GetUtcNow().AddDays(-29).Date, Assert.Single(left).Start!.Value.Date);
    }

    /// <summary>The real store, but the next write can be made to fail as a locked or full disk would.</summary>
    private sealed class FlakyUsageStore(IUsageStore inner) : IUsageStore
    {
        public bool FailNext { get; set; }

        public Task AddAsync(IReadOnlyCollection<UsageRollup> rollups, IReadOnlyCollection<FailureRecord> failures, CancellationToken cancellationToken = default)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new StoreUnavailableException("disk full");
            }

            return inner.AddAsync(rollups, failures, cancellationToken);
        }

        public Task<IReadOnlyList<UsagePoint>> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default) => inner.QueryUsageAsync(query, cancellationToken);

        public Task<IReadOnlyList<UsagePoint>> TopAsync(UsageQuery query, UsageMetric by, int limit, CancellationToken cancellationToken = default) => inner.TopAsync(query, by, limit, cancellationToken);

        public Task<IReadOnlyList<CloseCodeCount>> CloseCodesAsync(UsageQuery query, CancellationToken cancellationToken = default) => inner.CloseCodesAsync(query, cancellationToken);

        public Task<IReadOnlyList<FailureRecord>> QueryFailuresAsync(FailureQuery query, CancellationToken cancellationToken = default) => inner.QueryFailuresAsync(query, cancellationToken);

        public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) => inner.PurgeAsync(before, cancellationToken);
    }
}
