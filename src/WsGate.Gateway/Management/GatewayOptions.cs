namespace WsGate.Management;

/// <summary>Engine settings that belong to the process, not to the stored configuration.</summary>
public sealed record GatewayOptions
{
    /// <summary>How long a shutdown waits for WebSockets to finish their close handshake after 1001 is sent.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Bindings this node uses for some listeners instead of the stored, cluster-wide ones (keyed by listener id), so
    /// several nodes can share one host. The stored configuration is left as it is.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ListenerBindings { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The bindings this node opens for <paramref name="listener"/>.</summary>
    public IReadOnlyList<string> BindingsFor(Configuration.ListenerConfig listener) =>
        ListenerBindings.TryGetValue(listener.Id, out var own) ? own : listener.Bindings;
}
