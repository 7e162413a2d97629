using WsGate.Analytics;
using WsGate.Storage;

namespace WsGate.UnitTests.Storage;

/// <summary>
/// Usage rollups and the failure log, run once per backend: <see cref="SqliteUsageStoreTests"/> on a SQLite file and
/// <see cref="PostgresUsageStoreTests"/> on a real PostgreSQL.
/// </summary>
public abstract class UsageStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly UsageKey Quotes = new("quotes", "app-1", "default", "production");
    private static readonly UsageKey QuotesOther = new("quotes", "app-2", "default", "sandbox");
    private static readonly UsageKey Echo = new("", "", "default", "");

    private IWsGateStore _store = null!;

    public virtual async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.OpenAsync();
    }

    public virtual async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>A new, unopened store on an empty location of this test's own.</summary>
    protected abstract Task<IWsGateStore> CreateStoreAsync();

    private static UsageRollup Rollup(DateTimeOffset minute, UsageKey key, long messagesIn, long bytesIn = 0, params (int Code, long Count)[] codes) =>
        new(minute, key, new UsageCounts(MessagesIn: messagesIn, MessagesOut: messagesIn * 2, BytesIn: bytesIn, ConnectionsOpened: 1, ConnectionsClosed: codes.Sum(c => c.Count)), codes.ToDictionary(c => c.Code, c => c.Count));

    [Fact]
    public async Task AddAsync_SameMinuteAndKeyTwice_AddsUp()
    {
        await _store.Usage.AddAsync([Rollup(T0, Quotes, 3, 30, (1000, 1))], []);
        await _store.Usage.AddAsync([Rollup(T0.AddSeconds(30), Quotes, 4, 40, (1000, 1), (1006, 1))], []);

        var point = Assert.Single(await _store.Usage.QueryUsageAsync(new UsageQuery(T0, T0.AddHours(1))));
        Assert.Equal(new UsageCounts(7, 14, 70, 0, 2, 3), point.Counts);
        var codes = await _store.Usage.CloseCodesAsync(new UsageQuery(T0, T0.AddHours(1)));
        Assert.Equal([new CloseCodeCount(null, 1000, 2), new CloseCodeCount(null, 1006, 1)], codes);
    }

    [Fact]
    public async Task QueryUsageAsync_ByMinuteAndApi_SplitsBucketsAndGroups()
    {
        await _store.Usage.AddAsync([Rollup(T0, Quotes, 1), Rollup(T0, QuotesOther, 2), Rollup(T0, Echo, 5), Rollup(T0.AddMinutes(1), Quotes, 3)], []);

        var points = await _store.Usage.QueryUsageAsync(new UsageQuery(T0, T0.AddHours(1), UsageGrouping.Api, UsageInterval.Minute));

        Assert.Equal(
            [(T0, "", 5L), (T0, "quotes", 3L), (T0.AddMinutes(1), "quotes", 3L)],
            points.Select(p => (p.Start!.Value, p.Group!, p.Counts.MessagesIn)));
    }

    [Fact]
    public async Task QueryUsageAsync_ByHourWithFilter_SumsTheMatchingRows()
    {
        await _store.Usage.AddAsync([Rollup(T0.AddMinutes(5), Quotes, 1), Rollup(T0.AddMinutes(59), QuotesOther, 2), Rollup(T0.AddMinutes(61), Quotes, 4)], []);

        var points = await _store.Usage.QueryUsageAsync(new UsageQuery(T0, T0.AddHours(3), UsageGrouping.Environment, UsageInterval.Hour, Api: "QUOTES"));

        Assert.Equal(
            [(T0, "production", 1L), (T0, "sandbox", 2L), (T0.AddHours(1), "production", 4L)],
            points.Select(p => (p.Start!.Value, p.Group!, p.Counts.MessagesIn)));
    }

    [Fact]
    public async Task QueryUsageAsync_RangeIsHalfOpen()
    {
        await _store.Usage.AddAsync([Rollup(T0, Quotes, 1), Rollup(T0.AddMinutes(1), Quotes, 10)], []);

        var point = Assert.Single(await _store.Usage.QueryUsageAsync(new UsageQuery(T0, T0.AddMinutes(1))));

        Assert.Equal(1, point.Counts.MessagesIn);
    }

    [Fact]
    public async Task TopAsync_ByMessages_RanksApplicationsMostFirst()
    {
        await _store.Usage.AddAsync([Rollup(T0, Quotes, 1), Rollup(T0, QuotesOther, 5), Rollup(T0.AddMinutes(2), Quotes, 2), Rollup(T0, Echo, 0)], []);

        var top = await _store.Usage.TopAsync(new UsageQuery(T0, T0.AddHours(1), UsageGrouping.Application), UsageMetric.Messages, 10);

        Assert.Equal([("app-2", 15L), ("app-1", 9L)], top.Select(p => (p.Group!, p.Counts.MessagesIn + p.Counts.MessagesOut)));
    }

    [Fact]
    public async Task Failures_AppendQueryAndPurge_KeepNewestFirstWithinRetention()
    {
        await _store.Usage.AddAsync(
            [Rollup(T0, Quotes, 1, 0, (1000, 1))],
            [
                new FailureRecord(0, T0, FailureKinds.Auth, "default", "quotes", "", 401, "Authentication failed: invalid_token: expired"),
                new FailureRecord(0, T0.AddMinutes(2), FailureKinds.Backend, "", "quotes", "", null, "ws://127.0.0.1:1/: refused"),
            ]);

        var failures = await _store.Usage.QueryFailuresAsync(new FailureQuery());
        Assert.Equal([FailureKinds.Backend, FailureKinds.Auth], failures.Select(f => f.Kind));
        Assert.Null(failures[0].Status);
        Assert.Equal(401, failures[1].Status);
        Assert.Single(await _store.Usage.QueryFailuresAsync(new FailureQuery(Kind: FailureKinds.Auth)));

        var removed = await _store.Usage.PurgeAsync(T0.AddMinutes(1));

        Assert.Equal(3, removed);
        Assert.Equal(FailureKinds.Backend, Assert.Single(await _store.Usage.QueryFailuresAsync(new FailureQuery())).Kind);
        Assert.Empty(await _store.Usage.QueryUsageAsync(new UsageQuery(T0.AddDays(-1), T0.AddDays(1))));
    }
}
