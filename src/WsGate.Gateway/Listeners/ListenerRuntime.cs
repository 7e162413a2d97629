using WsGate.Configuration;
using WsGate.Connections;

namespace WsGate.Listeners;

/// <summary>
/// The live state of one listener on this node. Settings that do not need a rebind (limits, access rules, endpoints,
/// HTTP fallback) are swapped in place through <see cref="Update"/>, so connections already open keep running.
/// </summary>
public sealed class ListenerRuntime
{
    private readonly ConnectionSlots _slots = new();
    private readonly WorkerScheduler _scheduler;
    private volatile Snapshot _snapshot;
    private volatile WorkerPool? _workers;

    /// <param name="scheduler">The node's scheduler, which grants work slots when the listener has worker limits.</param>
    public ListenerRuntime(ListenerConfig config, WorkerScheduler scheduler)
    {
        _scheduler = scheduler;
        _snapshot = Compile(config);
        ApplyWorkers(config.Workers);
    }

    public string Id => _snapshot.Config.Id;

    public ListenerConfig Config => _snapshot.Config;

    public IpAccessList Access => _snapshot.Access;

    /// <summary>The proxies whose forwarded client address is believed (<see cref="ProxiesConfig.Trusted"/>).</summary>
    public IpNetworkList TrustedProxies => _snapshot.TrustedProxies;

    public ListenerState State { get; internal set; } = ListenerState.Disabled;

    public string? FailureReason { get; internal set; }

    /// <summary>The addresses actually bound, with the real port when the configuration said port 0.</summary>
    public IReadOnlyList<string> BoundAddresses { get; internal set; } = [];

    /// <summary>This node's own bindings (<c>serve --bind</c>) when they replace the stored ones; null when it uses the stored ones.</summary>
    public IReadOnlyList<string>? NodeBindings { get; internal set; }

    public DateTimeOffset? CertificateExpires { get; internal set; }

    public ListenerCounters Counters { get; } = new();

    public int ActiveConnections => _slots.Active;

    /// <summary>
    /// The listener's share of the worker scheduler; null when it has no worker limits, and then its work runs at once
    /// (the only cost of the feature on such a listener is reading this null).
    /// </summary>
    public WorkerPool? Workers => _workers;

    public void Update(ListenerConfig config)
    {
        _snapshot = Compile(config);
        ApplyWorkers(config.Workers);
    }

    /// <summary>The listener is gone from this node: its waiting work is let go and its pool leaves the scheduler.</summary>
    public void Retire()
    {
        _workers?.Detach();
        _workers = null;
    }

    /// <summary>The WebSocket endpoint (echo or channel) at <paramref name="path"/>, if any.</summary>
    public EndpointConfig? FindEndpoint(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        foreach (var endpoint in _snapshot.Config.Endpoints)
        {
            if (endpoint.Kind is EndpointKind.OAuth2 or EndpointKind.Portal)
            {
                continue;
            }

            var candidate = endpoint.Path.Length > 1 ? endpoint.Path.TrimEnd('/') : endpoint.Path;
            if (string.Equals(candidate, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return endpoint;
            }
        }

        return null;
    }

    /// <summary>What <paramref name="path"/> names under an <c>oauth2</c> endpoint (<c>token</c>, <c>revoke</c>, <c>introspect</c>, or something unknown), if it is under one.</summary>
    public string? FindOAuthAction(string path)
    {
        foreach (var endpoint in _snapshot.Config.Endpoints)
        {
            if (endpoint.Kind != EndpointKind.OAuth2)
            {
                continue;
            }

            var prefix = endpoint.Path.TrimEnd('/') + "/";
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return path[prefix.Length..].TrimEnd('/');
            }
        }

        return null;
    }

    /// <summary>The <c>portal</c> endpoint <paramref name="path"/> is at or under, if any.</summary>
    public EndpointConfig? FindPortal(string path)
    {
        foreach (var endpoint in _snapshot.Config.Endpoints)
        {
            var mount = endpoint.Path.TrimEnd('/');
            if (endpoint.Kind == EndpointKind.Portal
                && path.StartsWith(mount, StringComparison.OrdinalIgnoreCase)
                && (path.Length == mount.Length || path[mount.Length] == '/' || mount.Length == 0))
            {
                return endpoint;
            }
        }

        return null;
    }

    /// <summary>Takes a connection slot unless the listener is at its max connections.</summary>
    public bool TryReserveConnection() => _slots.TryReserve(Config.MaxConnections);

    public void ReleaseConnection() => _slots.Release();

    /// <summary>
    /// Limits changed at run time apply to work that starts from now on; running work finishes as it began. Not locked:
    /// <see cref="Update"/> and <see cref="Retire"/> are called one at a time, under <see cref="ListenerManager"/>'s gate.
    /// </summary>
    private void ApplyWorkers(WorkersConfig limits)
    {
        if (!limits.Enabled)
        {
            _workers?.Detach();
            _workers = null;
        }
        else if (_workers is { } pool)
        {
            pool.Configure(limits);
        }
        else
        {
            _workers = _scheduler.CreatePool(Config.Id, limits, Counters);
        }
    }

    private static Snapshot Compile(ListenerConfig config) => new(config, new IpAccessList(config.Access), new IpNetworkList(config.Proxies.Trusted));

    private sealed record Snapshot(ListenerConfig Config, IpAccessList Access, IpNetworkList TrustedProxies);
}
