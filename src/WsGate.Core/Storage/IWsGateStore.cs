namespace WsGate.Storage;

/// <summary>The store WsGate runs on: SQLite by default, PostgreSQL for several nodes.</summary>
public interface IWsGateStore : IConfigStore, IMetaStore, IAsyncDisposable
{
    /// <summary>Users, groups, applications, keys, subscriptions and tokens.</summary>
    IIdentityStore Identity { get; }

    /// <summary>The audit log of admin changes.</summary>
    IAuditStore Audit { get; }

    /// <summary>Per-minute usage rollups and the failure log.</summary>
    IUsageStore Usage { get; }

    /// <summary>Message captures and their records.</summary>
    ICaptureStore Captures { get; }

    /// <summary>Opens the store, applies pending migrations and checks integrity; throws <see cref="StoreUnavailableException"/> with a clear reason.</summary>
    Task OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>A short description for logs, such as the database file path.</summary>
    string Describe();

    /// <summary>How the configuration's secrets are kept once the store is open: the data key sealing them, or a warning that none is.</summary>
    string DescribeSecrets();
}
