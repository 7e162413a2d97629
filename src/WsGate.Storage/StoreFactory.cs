using WsGate.Storage.Postgres;
using WsGate.Storage.Sqlite;

namespace WsGate.Storage;

/// <summary>Chooses the store from one setting, the way <c>wsgate serve --store</c> names it.</summary>
public static class StoreFactory
{
    public const string SqlitePrefix = "sqlite:";

    /// <summary>
    /// <c>sqlite:PATH</c> (or a bare path) is the embedded store; <c>postgres://user:password@host:port/database</c> or an
    /// Npgsql connection string (<c>Host=...;Database=...</c>) is the shared PostgreSQL store. Throws
    /// <see cref="FormatException"/> naming what is wrong. The store still has to be opened.
    /// </summary>
    /// <param name="nodeId">This node's id; the PostgreSQL store records it with the changes it writes.</param>
    public static IWsGateStore Create(string spec, string nodeId)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new FormatException("the store is empty; expected sqlite:PATH or postgres://user:password@host:port/database");
        }

        if (spec.StartsWith(SqlitePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var path = spec[SqlitePrefix.Length..];
            return path.Length == 0 ? throw new FormatException("sqlite: names no database file") : new SqliteStore(path);
        }

        return PostgresConnectionString.IsPostgres(spec) ? new PostgresStore(spec, nodeId) : new SqliteStore(spec);
    }
}
