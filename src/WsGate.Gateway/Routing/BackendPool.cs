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
    /// result may be stale). Each call to a round-robin pool starts one further along. The order is fixed when the call is
    /// made: an endpoint that turns unhealthy while it is being tried (its failures, or concurrent handshakes' failures,
    /// reach the threshold) is not tried a second time as an unhealthy one.
    /// </summary>
    public IReadOnlyList<BackendEndpoint> Candidates()
    {
        var count = Endpoints.Count;
        if (count == 0)
        {
            return [];
        }

        var start = Strategy == LoadBalancing.RoundRobin ? (int)((uint)Interlocked.Increment(ref _next) % (uint)count) : 0;
        var healthy = new List<BackendEndpoint>(count);
        List<BackendEndpoint>? unhealthy = null;
        for (var i = 0; i < count; i++)
        {
            var endpoint = Endpoints[(start + i) % count];
            if (endpoint.Healthy)
            {
                healthy.Add(endpoint);
            }
            else
            {
                (unhealthy ??= []).Add(endpoint);
            }
        }

        if (unhealthy is not null)
        {
            healthy.AddRange(unhealthy);
        }

        return healthy;
    }
}
