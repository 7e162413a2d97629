namespace WsGate.Cluster;

/// <summary>
/// Whether the shared store answered lately. The heartbeat and the change feed report here; <c>/readyz</c> reads it, so
/// a load balancer stops sending new clients to a node that cannot see configuration changes. The embedded store is
/// local to the process and always reachable.
/// </summary>
public sealed class StoreHealth
{
    private volatile string? _problem;

    public bool IsReachable => _problem is null;

    /// <summary>Why the store is unreachable, for <c>/readyz</c> and logs; null while it is reachable.</summary>
    public string? Problem => _problem;

    /// <summary>Returns true when this call changed the state from unreachable.</summary>
    public bool ReportReachable()
    {
        var was = _problem;
        _problem = null;
        return was is not null;
    }

    /// <summary>Returns true when this call changed the state from reachable.</summary>
    public bool ReportUnreachable(string problem)
    {
        var was = _problem;
        _problem = problem;
        return was is null;
    }
}
