using WsGate.Configuration.Apis;

namespace WsGate.Routing;

/// <summary>The endpoints of one environment of an API and the order a new connection tries them in.</summary>
public sealed class BackendPool
{
    private int _next = -1;

    public BackendPool(BackendGroupConfig config)
    {
        Strategy = config.Strategy;
        Endpoints = config.Urls.Select(u => new BackendEndpoint(BackendUrl.Normalize(u))).ToArray();
    }

    public LoadBalancing Strategy { get; }

    public IReadOnlyList<BackendEndpoint> Endpoints { get; }

    /// <summary>
    /// Healthy endpoints first, in round-robin or failover order, then the unhealthy ones as a last resort (a health check
    /// result may be stale). Each call to a round-robin pool starts one further along.
    /// </summary>
    public IEnumerable<BackendEndpoint> Candidates()
    {
        var count = Endpoints.Count;
        if (count == 0)
        {
            yield break;
        }

        var start = Strategy == LoadBalancing.RoundRobin ? (int)((uint)Interlocked.Increment(ref _next) % (uint)count) : 0;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < count; i++)
            {
                var endpoint = Endpoints[(start + i) % count];
                if (endpoint.Healthy == (pass == 0))
                {
                    yield return endpoint;
                }
            }
        }
    }
}
