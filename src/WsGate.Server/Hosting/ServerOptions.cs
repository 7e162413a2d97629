using WsGate.Cluster;
using WsGate.Storage;

namespace WsGate.Server.Hosting;

/// <summary>Process settings for <c>wsgate serve</c>: where the store is and where the admin API listens. Everything else lives in the store.</summary>
public sealed record ServerOptions
{
    public const string AdminPasswordVariable = "WSGATE_ADMIN_PASSWORD";

    public const string StoreVariable = "WSGATE_STORE";

    /// <summary>The SQLite database file (WAL mode); its folder is created when missing. Used when <see cref="Store"/> is not set.</summary>
    public string DataPath { get; init; } = Path.Combine("data", "wsgate.db");

    /// <summary>
    /// Where the store is: <c>sqlite:PATH</c>, or <c>postgres://user:password@host:port/database</c> (or an Npgsql connection
    /// string) for a store shared by several nodes. Null means <c>sqlite:</c><see cref="DataPath"/>.
    /// </summary>
    public string? Store { get; init; } = Environment.GetEnvironmentVariable(StoreVariable);

    /// <summary>The store setting with the default applied, as <see cref="StoreFactory.Create"/> reads it.</summary>
    public string StoreSpec => string.IsNullOrWhiteSpace(Store) ? StoreFactory.SqlitePrefix + DataPath : Store;

    /// <summary>This node's id and heartbeat timing; they matter on a shared store.</summary>
    public ClusterOptions Cluster { get; init; } = new();

    /// <summary>The admin API's own bindings, apart from every public listener.</summary>
    public IReadOnlyList<string> AdminBindings { get; init; } = ["127.0.0.1:9000"];

    /// <summary>Reverse proxies in front of the admin port whose forwarded client address is believed (addresses or CIDR ranges).</summary>
    public IReadOnlyList<string> AdminTrustedProxies { get; init; } = [];

    /// <summary>Bindings of the listener created on first start, with its echo and channel endpoints.</summary>
    public IReadOnlyList<string> DefaultListenerBindings { get; init; } = ["127.0.0.1:8080"];

    /// <summary>
    /// True when <see cref="DefaultListenerBindings"/> was asked for (<c>--listen</c>), not defaulted: on a later start a
    /// store whose default listener is bound elsewhere then refuses to start rather than ignore the option.
    /// </summary>
    public bool DefaultListenerBindingsGiven { get; init; }

    /// <summary>This node's own bindings for some listeners (<c>--bind LISTENER=IP:PORT</c>), in place of the stored ones.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ListenerBindings { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a shutdown waits for WebSockets to complete their close handshake after 1001.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first admin user's password; when null one is generated and printed once.</summary>
    public string? AdminPassword { get; init; } = Environment.GetEnvironmentVariable(AdminPasswordVariable);

    /// <summary>Where socket completions and the relay run; <see cref="IoMode.Inline"/> unless the operator says otherwise.</summary>
    public IoMode Io { get; init; } = IoMode.Inline;

    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;
}
