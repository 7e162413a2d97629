using WsGate.Analytics;

namespace WsGate.Storage;

/// <summary>Per-minute usage rollups and the failure log, each kept for the configured retention.</summary>
public interface IUsageStore
{
    /// <summary>Adds rollups to the rows for the same minute and key (or creates them) and appends failures, in one transaction.</summary>
    Task AddAsync(IReadOnlyCollection<UsageRollup> rollups, IReadOnlyCollection<FailureRecord> failures, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UsagePoint>> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default);

    /// <summary>The groups with the most <paramref name="by"/> in the range, most first.</summary>
    Task<IReadOnlyList<UsagePoint>> TopAsync(UsageQuery query, UsageMetric by, int limit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CloseCodeCount>> CloseCodesAsync(UsageQuery query, CancellationToken cancellationToken = default);

    /// <summary>Failures, newest first.</summary>
    Task<IReadOnlyList<FailureRecord>> QueryFailuresAsync(FailureQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes rollups and failures older than <paramref name="before"/>; returns how many rows went.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
