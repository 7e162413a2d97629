using WsGate.Configuration.Apis;
using WsGate.Routing;

namespace WsGate.UnitTests.Routing;

public sealed class BackendPoolTests
{
    private static BackendPool Pool(LoadBalancing strategy, params string[] urls) => new(new BackendGroupConfig { Urls = urls, Strategy = strategy });

    [Fact]
    public void Candidates_UnhealthyEndpoint_TriedLast()
    {
        var pool = Pool(LoadBalancing.Failover, "ws://a:1/", "ws://b:1/");
        pool.Endpoints[0].ReportFailure("down", unhealthyThreshold: 1, DateTimeOffset.UnixEpoch);

        Assert.Equal(["ws://b:1/", "ws://a:1/"], pool.Candidates().Select(e => e.Url.ToString()));
    }

    [Fact]
    public void Candidates_EndpointTurnsUnhealthyWhileTried_NotOfferedTwice()
    {
        var pool = Pool(LoadBalancing.Failover, "ws://only:1/");

        var tried = new List<BackendEndpoint>();
        foreach (var endpoint in pool.Candidates())
        {
            // The attempt fails, and with the failures of handshakes tried at the same time the endpoint turns unhealthy.
            endpoint.ReportFailure("timeout", unhealthyThreshold: 1, DateTimeOffset.UnixEpoch);
            tried.Add(endpoint);
        }

        Assert.Single(tried);
    }

    [Fact]
    public void Candidates_RoundRobin_EachCallStartsOneFurther()
    {
        var pool = Pool(LoadBalancing.RoundRobin, "ws://a:1/", "ws://b:1/", "ws://c:1/");

        var firsts = Enumerable.Range(0, 3).Select(_ => pool.Candidates()[0].Url.Host).ToList();

        Assert.Equal(3, firsts.Distinct().Count());
    }
}
