namespace WsGate.Cluster;

/// <summary>Process settings of a cluster node (<c>wsgate serve --node</c>); they matter only on a shared PostgreSQL store.</summary>
public sealed record ClusterOptions
{
    /// <summary>This node's id in the <c>nodes</c> table and in the change log; unique within the cluster.</summary>
    public string NodeId { get; init; } = DefaultNodeId();

    /// <summary>How often the node writes its heartbeat row and sweeps stale nodes.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A node whose last heartbeat is older than this is gone.</summary>
    public TimeSpan NodeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gone or left nodes are deleted from the table after this.</summary>
    public TimeSpan ForgetAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often the node reports its use of the cluster-wide limits and reads the others' (docs/cluster.md): the error
    /// bound of the limits is what the other nodes can admit within about twice this.
    /// </summary>
    public TimeSpan QuotaInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A node keeps its share of a rate limit this long after its last frame under it, so short pauses do not reshuffle the shares.</summary>
    public TimeSpan RateDemandHold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a drain spreads its closes over when the request names no period.</summary>
    public TimeSpan DrainPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait before the change feed reconnects; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The host name and a random suffix: two nodes on one host never collide; set --node for a stable name.</summary>
    public static string DefaultNodeId() =>
        Environment.MachineName.ToLowerInvariant() + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
}
