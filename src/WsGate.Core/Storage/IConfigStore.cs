using WsGate.Configuration;

namespace WsGate.Storage;

/// <summary>Where the configuration snapshot lives. Every write is one transaction: a change lands whole or not at all.</summary>
public interface IConfigStore
{
    Task<StoredConfig> LoadConfigAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the stored configuration with <paramref name="next"/> in one transaction, provided the stored revision is still
    /// <paramref name="expectedRevision"/>; returns the new revision.
    /// </summary>
    Task<long> SaveConfigAsync(GatewayConfig next, long expectedRevision, CancellationToken cancellationToken = default);
}
