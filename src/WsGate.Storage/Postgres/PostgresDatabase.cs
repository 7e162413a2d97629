using System.Data.Common;
using Npgsql;
using WsGate.Storage.Sql;

namespace WsGate.Storage.Postgres;

/// <summary>
/// The pooled connections to one PostgreSQL database. Every read and write is short and on its own pooled connection;
/// the change feed holds one dedicated connection of its own (see <see cref="PostgresStore.ListenAsync"/>).
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable, ISqlDatabase
{
    private readonly NpgsqlDataSource _source;

    public PostgresDatabase(NpgsqlConnectionStringBuilder settings)
    {
        Settings = settings;
        _source = NpgsqlDataSource.Create(settings);
    }

    public NpgsqlConnectionStringBuilder Settings { get; }

    /// <summary>host:port/database, without credentials, for logs and errors.</summary>
    public string Describe() => $"{Settings.Host}:{Settings.Port}/{Settings.Database}";

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _source.OpenConnectionAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            throw new StoreUnavailableException($"PostgreSQL at {Describe()} refused the credentials: {ex.MessageText}", ex);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidCatalogName)
        {
            throw new StoreUnavailableException($"PostgreSQL at {Describe()} has no database '{Settings.Database}'; create it first (createdb)", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"PostgreSQL at {Describe()} is unreachable: {ex.Message}", ex);
        }
    }

    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await read(connection);
        }
        catch (Exception ex) when (IsLostConnection(ex, cancellationToken))
        {
            throw new StoreUnavailableException($"PostgreSQL at {Describe()} is unreachable: {ex.Message}", ex);
        }
    }

    /// <summary>Runs <paramref name="write"/> in one read-committed transaction, committed when it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await write(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (Exception ex) when (IsLostConnection(ex, cancellationToken))
        {
            throw new StoreUnavailableException($"PostgreSQL at {Describe()} is unreachable: {ex.Message}", ex);
        }
    }

    Task<T> ISqlDatabase.ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken) => ReadAsync(c => read(c), cancellationToken);

    Task<T> ISqlDatabase.WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        WriteAsync((c, t) => write(c, t), cancellationToken);

    /// <summary>
    /// A pooled connection that broke while the server was away fails on its first command, not on open: that, a
    /// connection-class error (08xxx) or a server shutting down (57Pxx) is the store being unreachable. Other server
    /// errors (a unique violation) are the caller's to see.
    /// </summary>
    public static bool IsLostConnection(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && ex switch
        {
            PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal),
            NpgsqlException or TimeoutException or IOException => true,
            _ => false,
        };

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
