using System.Collections.Concurrent;

namespace WsGate.Cluster;

/// <summary>
/// Whether the shared store answers, as each user of it last saw: the heartbeat, the configuration feed and the bus
/// report here by name, and the store counts as reachable only when none of them has a problem, so <c>/readyz</c> turns
/// ready again only after the configuration feed has resynchronised, not at the first successful heartbeat. A load
/// balancer then stops sending new clients to a node that cannot see configuration changes. The embedded store is local
/// to the process and always reachable.
/// </summary>
public sealed class StoreHealth
{
    private readonly ConcurrentDictionary<string, string> _problems = new(StringComparer.Ordinal);

    public bool IsReachable => _problems.IsEmpty;

    /// <summary>Why the store is unreachable, for <c>/readyz</c> and logs; null while it is reachable.</summary>
    public string? Problem => _problems.Values.FirstOrDefault();

    /// <summary>Clears <paramref name="source"/>'s problem; returns true when this made the whole store reachable again.</summary>
    public bool ReportReachable(string source) => _problems.TryRemove(source, out _) && _problems.IsEmpty;

    /// <summary>Records <paramref name="source"/>'s problem; returns true when the store was reachable until now.</summary>
    public bool ReportUnreachable(string source, string problem)
    {
        var was = _problems.IsEmpty;
        _problems[source] = problem;
        return was;
    }
}
