using WsGate.Configuration;
using WsGate.Storage;

namespace WsGate.Management;

/// <summary>
/// The engine's one live configuration snapshot (Centrifugo's container): everything that reads the configuration as a
/// whole (identity settings, tiers, certificates, the limits a connection resolves) reads it here. <see cref="ConfigManager"/>
/// swaps it atomically, before the appliers bring the runtime state (listeners, API runtimes, clients) in line, so a
/// reader never sees half of a change. It depends on nothing, so any part of the engine can read it.
/// </summary>
public sealed class LiveConfig
{
    private volatile StoredConfig _current = new(GatewayConfig.Empty, 0);

    public GatewayConfig Current => _current.Config;

    /// <summary>The store's revision of <see cref="Current"/>.</summary>
    public long Revision => _current.Revision;

    internal StoredConfig Snapshot => _current;

    internal void Swap(StoredConfig next) => _current = next;
}
