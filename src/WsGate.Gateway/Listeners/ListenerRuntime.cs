using WsGate.Configuration;

namespace WsGate.Listeners;

/// <summary>
/// The live state of one listener on this node. Settings that do not need a rebind (limits, access rules, endpoints,
/// HTTP fallback) are swapped in place through <see cref="Update"/>, so connections already open keep running.
/// </summary>
public sealed class ListenerRuntime
{
    private volatile Snapshot _snapshot;
    private int _active;

    public ListenerRuntime(ListenerConfig config)
    {
        _snapshot = new Snapshot(config, new IpAccessList(config.Access));
    }

    public string Id => _snapshot.Config.Id;

    public ListenerConfig Config => _snapshot.Config;

    public IpAccessList Access => _snapshot.Access;

    public ListenerState State { get; internal set; } = ListenerState.Disabled;

    public string? FailureReason { get; internal set; }

    /// <summary>The addresses actually bound, with the real port when the configuration said port 0.</summary>
    public IReadOnlyList<string> BoundAddresses { get; internal set; } = [];

    public DateTimeOffset? CertificateExpires { get; internal set; }

    public ListenerCounters Counters { get; } = new();

    public int ActiveConnections => Volatile.Read(ref _active);

    public void Update(ListenerConfig config) => _snapshot = new Snapshot(config, new IpAccessList(config.Access));

    public EndpointConfig? FindEndpoint(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        foreach (var endpoint in _snapshot.Config.Endpoints)
        {
            var candidate = endpoint.Path.Length > 1 ? endpoint.Path.TrimEnd('/') : endpoint.Path;
            if (string.Equals(candidate, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return endpoint;
            }
        }

        return null;
    }

    /// <summary>Takes a connection slot unless the listener is at its max connections.</summary>
    public bool TryReserveConnection()
    {
        var max = Config.MaxConnections;
        while (true)
        {
            var current = Volatile.Read(ref _active);
            if (max > 0 && current >= max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _active, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void ReleaseConnection() => Interlocked.Decrement(ref _active);

    private sealed record Snapshot(ListenerConfig Config, IpAccessList Access);
}
