using Npgsql;

namespace WsGate.Storage.Postgres;

/// <summary>
/// The pooled connections to one PostgreSQL database. Every read and write is short and on its own pooled connection;
/// the change feed holds one dedicated connection of its own (see <see cref="PostgresStore.ListenAsync"/>).
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
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
        await using var connection = await OpenAsync(cancellationToken);
        return await read(connection);
    }

    /// <summary>Runs <paramref name="write"/> in one read-committed transaction, committed when it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await write(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
