using WsGate.Configuration.Apis;
using WsGate.Connections;
using WsGate.Throttling;

namespace WsGate.Routing;

/// <summary>
/// The live state of one API on this node: its configuration snapshot, backend pools with their health, and counters.
/// One runtime lives as long as the API does; a configuration change swaps its snapshot, keeping counters and the health
/// of unchanged endpoints, so connections opened before the change release their slots on the same object.
/// </summary>
public sealed class ApiRuntime
{
    private readonly TimeProvider _time;
    private volatile Snapshot _snapshot;
    private readonly ConnectionSlots _slots = new();
    private long _accepted;
    private long _backendFailures;
    private long _rejected;

    public ApiRuntime(ApiConfig config, TimeProvider time)
    {
        _time = time;
        _snapshot = Build(config, null);
    }

    public ApiConfig Config => _snapshot.Config;

    public string Id => Config.Id;

    public BackendPool Production => _snapshot.Production;

    public BackendPool Sandbox => _snapshot.Sandbox;

    public TokenBucket? HandshakeBucket => _snapshot.HandshakeBucket;

    public int ActiveConnections => _slots.Active;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long BackendFailures => Interlocked.Read(ref _backendFailures);

    public long Rejected => Interlocked.Read(ref _rejected);

    public BackendPool Pool(BackendEnvironment environment) => environment == BackendEnvironment.Sandbox ? Sandbox : Production;

    public void Update(ApiConfig config) => _snapshot = Build(config, _snapshot);

    public bool TryReserveConnection() => _slots.TryReserve(Config.Limits.MaxConnections);

    public void ReleaseConnection() => _slots.Release();

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    public void CountBackendFailure() => Interlocked.Increment(ref _backendFailures);

    public void CountRejected() => Interlocked.Increment(ref _rejected);

    private Snapshot Build(ApiConfig config, Snapshot? previous)
    {
        var production = previous is not null && SameUrls(previous.Config.Endpoints.Production, config.Endpoints.Production)
            ? previous.Production
            : new BackendPool(config.Endpoints.Production);
        var sandbox = previous is not null && SameUrls(previous.Config.Endpoints.Sandbox, config.Endpoints.Sandbox)
            ? previous.Sandbox
            : new BackendPool(config.Endpoints.Sandbox);
        var policies = config.Policies;
        TokenBucket? bucket = null;
        if (policies.HandshakesPerSecond > 0)
        {
            var burst = policies.HandshakeBurst > 0 ? policies.HandshakeBurst : Math.Ceiling(policies.HandshakesPerSecond);
            bucket = previous?.HandshakeBucket is { } old && old.Rate == policies.HandshakesPerSecond && old.Capacity == burst
                ? old
                : new TokenBucket(policies.HandshakesPerSecond, burst, _time);
        }

        return new Snapshot(config, production, sandbox, bucket);
    }

    private static bool SameUrls(BackendGroupConfig a, BackendGroupConfig b) =>
        a.Strategy == b.Strategy && a.Urls.SequenceEqual(b.Urls, StringComparer.Ordinal);

    private sealed record Snapshot(ApiConfig Config, BackendPool Production, BackendPool Sandbox, TokenBucket? HandshakeBucket);
}
