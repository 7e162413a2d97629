using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Rules;
using WsGate.Storage.Sql;

namespace WsGate.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. A lock file beside it keeps a second WsGate process off the same
/// database; writes are serialised through one gate so a change is one transaction end to end.
/// </summary>
public sealed class SqliteStore : IWsGateStore
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    private readonly string _path;
    private readonly SqliteDatabase _database;
    private DataKeyRing? _keys;
    private FileStream? _lock;

    static SqliteStore()
    {
        SQLitePCL.Batteries_V2.Init();
    }

    /// <param name="keys">The data keys for the configuration's secrets; by default <see cref="DataKeyRing.Variable"/>, else the key file beside the database (<see cref="KeyFilePath"/>), created on open.</param>
    public SqliteStore(string path, DataKeyRing? keys = null)
    {
        _path = Path.GetFullPath(path);
        _keys = keys;
        _database = new SqliteDatabase(_path);
        Identity = new IdentityStore(_database, SqlDialect.Sqlite);
        Audit = new AuditStore(_database, SqlDialect.Sqlite);
        Usage = new UsageStore(_database, SqlDialect.Sqlite);
        Captures = new CaptureStore(_database, SqlDialect.Sqlite, shared: false);
    }

    public IIdentityStore Identity { get; }

    public IAuditStore Audit { get; }

    public IUsageStore Usage { get; }

    public ICaptureStore Captures { get; }

    public string DatabasePath => _path;

    public string Describe() => "sqlite:" + _path;

    /// <summary>The key file beside the database: <c>wsgate.key</c> for <c>wsgate.db</c>.</summary>
    public string KeyFilePath => Path.ChangeExtension(_path, ".key");

    public string DescribeSecrets() => _keys is { } keys
        ? $"secrets encrypted with data key {keys.CurrentKeyId} ({(Environment.GetEnvironmentVariable(DataKeyRing.Variable) is { Length: > 0 } ? "$" + DataKeyRing.Variable : KeyFilePath)})"
        : "secrets not encrypted (the store is not open)";

    private JsonSerializerOptions SecretOptions => _keys?.Options ?? DataKeyRing.NoKeyOptions;

    public async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        var folder = Path.GetDirectoryName(_path)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException($"cannot create the data folder {folder}: {ex.Message}", ex);
        }

        CheckHeader();
        TakeLock();
        try
        {
            _keys ??= DataKeyRing.Resolve(KeyFilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ReleaseLock();
            throw new StoreUnavailableException($"cannot read or create the data key file {KeyFilePath}: {ex.Message}", ex);
        }
        catch (StoreUnavailableException)
        {
            ReleaseLock();
            throw;
        }

        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            var integrity = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA quick_check", cancellationToken: cancellationToken));
            if (!string.Equals(integrity, "ok", StringComparison.OrdinalIgnoreCase))
            {
                throw new StoreUnavailableException($"the database file {_path} is corrupt ({integrity}); restore it from a backup or move it away. Nothing was changed.");
            }

            var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode=WAL", cancellationToken: cancellationToken));
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new StoreUnavailableException($"the database file {_path} could not be switched to WAL mode (it stayed in '{mode}')");
            }

            await SqliteMigrator.MigrateAsync(connection, cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            ReleaseLock();
            throw new StoreUnavailableException($"the database file {_path} is locked by another process ({ex.Message})", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            ReleaseLock();
            throw new StoreUnavailableException($"the database file {_path} is corrupt or not a database ({ex.Message}); nothing was changed", ex);
        }
        catch (SqliteException ex)
        {
            ReleaseLock();
            throw new StoreUnavailableException($"the database file {_path} cannot be opened: {ex.Message}", ex);
        }
        catch
        {
            ReleaseLock();
            throw;
        }
    }

    public async Task<StoredConfig> LoadConfigAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var revision = await ReadRevisionAsync(connection, null, cancellationToken);
        var rows = await connection.QueryAsync<(string Kind, string Id, string Doc)>(new CommandDefinition(
            "SELECT kind, id, doc FROM config_objects ORDER BY kind, position", cancellationToken: cancellationToken));
        return new StoredConfig(ConfigDocuments.FromDocuments(rows, SecretOptions), revision);
    }

    public async Task<long> SaveConfigAsync(GatewayConfig next, long expectedRevision, CancellationToken cancellationToken = default)
    {
        return await _database.WriteAsync(async (connection, transaction) =>
        {
            var current = await ReadRevisionAsync(connection, transaction, cancellationToken);
            if (current != expectedRevision)
            {
                throw new ConcurrentChangeException(expectedRevision, current);
            }

            var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM config_objects", transaction: transaction, cancellationToken: cancellationToken));
            var rows = ConfigDocuments.ToDocuments(next, SecretOptions).Select(d => new { kind = d.Kind, id = d.Id, position = d.Position, doc = d.Doc, at = now });
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO config_objects (kind, id, position, doc, updated_at) VALUES (@kind, @id, @position, @doc, @at)",
                rows,
                transaction,
                cancellationToken: cancellationToken));
            var revision = current + 1;
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE meta SET value = @value WHERE key = 'config.revision'",
                new { value = revision.ToString(CultureInfo.InvariantCulture) },
                transaction,
                cancellationToken: cancellationToken));
            return revision;
        }, cancellationToken);
    }

    public async Task<string?> GetMetaAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT value FROM meta WHERE key = @key", new { key }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ListMetaAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            "SELECT key, value FROM meta WHERE substr(key, 1, length(@prefix)) = @prefix ORDER BY key", new { prefix }, cancellationToken: cancellationToken));
        return rows.Select(r => KeyValuePair.Create(r.Key, r.Value)).ToList();
    }

    public async Task SetMetaAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        await _database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                new { key, value },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        ReleaseLock();
        _database.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<long> ReadRevisionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var text = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT value FROM meta WHERE key = 'config.revision'", transaction: transaction, cancellationToken: cancellationToken));
        return long.Parse(text ?? "0", CultureInfo.InvariantCulture);
    }

    /// <summary>Refuses a file that exists but is not SQLite, before SQLite gets a chance to write anything to it.</summary>
    private void CheckHeader()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        var header = new byte[SqliteHeader.Length];
        int read;
        try
        {
            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException($"the database file {_path} cannot be read: {ex.Message}", ex);
        }

        if (read == 0)
        {
            return;
        }

        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
        {
            throw new StoreUnavailableException(
                $"the database file {_path} is not a SQLite database (it starts with '{Encoding.ASCII.GetString(header, 0, read).Replace('\0', '.')}'); nothing was changed");
        }
    }

    private void TakeLock()
    {
        var lockPath = _path + ".lock";
        try
        {
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex) when (IsLockConflict(ex))
        {
            throw new StoreUnavailableException($"the database file {_path} is locked by another WsGate process ({lockPath} is held)", ex);
        }
        catch (IOException ex)
        {
            // A read-only file system or a full disk is not another process: say what the system said.
            throw new StoreUnavailableException($"cannot create the lock file {lockPath}: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StoreUnavailableException($"cannot create the lock file {lockPath}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// True when opening the lock file failed because another process holds its lock. On Unix .NET takes the lock with
    /// flock(LOCK_NB) and reports EWOULDBLOCK as the exception's HResult; any other errno (EROFS on a read-only file
    /// system, ENOSPC) is a problem with the folder, not another WsGate.
    /// </summary>
    internal static bool IsLockConflict(IOException ex) =>
        ex.GetType() == typeof(IOException) && (OperatingSystem.IsWindows()
            ? (ex.HResult & 0xFFFF) == 32 // ERROR_SHARING_VIOLATION
            : ex.HResult == (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 35 : 11));

    private void ReleaseLock()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
