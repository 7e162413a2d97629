using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using WsGate.Storage.Sql;
using WsGate.Threading;

namespace WsGate.Storage.Sqlite;

/// <summary>
/// Connections to one SQLite file with WsGate's pragmas, and the single write gate: SQLite allows one writer at a
/// time, so writes queue here rather than fail with SQLITE_BUSY.
/// </summary>
internal sealed class SqliteDatabase : IDisposable, ISqlDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
    }

    public string Path { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite is synchronous underneath and a write may wait on busy_timeout: never on an I/O thread.
        await ThreadPoolHop.LeaveIoThread();
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", cancellationToken: cancellationToken));
        return connection;
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await read(connection);
    }

    /// <summary>Runs <paramref name="write"/> in one immediate transaction, committed when it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = await write(connection, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    Task<T> ISqlDatabase.ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken) => ReadAsync(c => read(c), cancellationToken);

    Task<T> ISqlDatabase.WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        WriteAsync((c, t) => write(c, t), cancellationToken);

    public void Dispose() => _writeGate.Dispose();
}
