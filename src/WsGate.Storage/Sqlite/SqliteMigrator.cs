using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace WsGate.Storage.Sqlite;

/// <summary>Applies the numbered scripts in <c>Sqlite/Migrations</c> in order, each in its own transaction, recording each in <c>schema_migrations</c>.</summary>
internal static class SqliteMigrator
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = MigrationScripts.Load("WsGate.Storage.Sqlite.Migrations.");

    public static async Task<int> MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: cancellationToken)))
            .ToHashSet();
        MigrationScripts.RefuseNewer(applied, Scripts);

        var count = 0;
        foreach (var (version, name, sql) in Scripts)
        {
            if (applied.Contains(version))
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
                transaction,
                cancellationToken: cancellationToken));
            transaction.Commit();
            count++;
        }

        return count;
    }
}
