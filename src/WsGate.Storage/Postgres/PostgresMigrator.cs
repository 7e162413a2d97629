using Dapper;
using Npgsql;

namespace WsGate.Storage.Postgres;

/// <summary>
/// Applies the numbered scripts in <c>Postgres/Migrations</c> in order, each in its own transaction, recording each in
/// <c>schema_migrations</c>. Numbers match the SQLite scripts of the same content, so one version means one schema on
/// both stores. Several nodes may start at once: a session advisory lock lets one of them migrate while the others wait.
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>An arbitrary constant that names WsGate's migration lock among the database's advisory locks.</summary>
    private const long MigrationLock = 0x5753_4761_7465_0001;

    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = MigrationScripts.Load("WsGate.Storage.Postgres.Migrations.");

    public static async Task<int> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@MigrationLock)", new { MigrationLock }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)",
                cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: cancellationToken)))
                .ToHashSet();
            MigrationScripts.RefuseNewer(applied.Select(v => (long)v), Scripts);

            var count = 0;
            foreach (var (version, name, sql) in Scripts)
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, now())",
                    new { version, name },
                    transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                count++;
            }

            return count;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@MigrationLock)", new { MigrationLock }, cancellationToken: CancellationToken.None));
        }
    }
}
