using Microsoft.Data.Sqlite;
using WsGate.Configuration;
using WsGate.Storage;
using WsGate.Storage.Sqlite;

namespace WsGate.UnitTests.Storage;

/// <summary>Runs against real SQLite files in a temp folder.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string DbPath => _temp.File("wsgate.db");

    private async Task<SqliteStore> OpenAsync(string? path = null)
    {
        var store = new SqliteStore(path ?? DbPath);
        await store.OpenAsync();
        return store;
    }

    /// <summary>A connection of the test's own, outside the store, to look at what it wrote.</summary>
    private static async Task<T> QueryAsync<T>(string path, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static ListenerConfig Listener(string id, int port) => new() { Id = id, Bindings = [$"127.0.0.1:{port}"] };

    private static GatewayConfig SampleConfig(int listeners = 3) => new()
    {
        Listeners = Enumerable.Range(0, listeners).Select(i => Listener($"l_{(listeners - i):D3}", 8000 + i) with
        {
            Description = new string('d', 200),
            Endpoints = [new EndpointConfig { Path = "/echo" }],
        }).ToList(),
        Certificates = [new CertificateConfig { Name = "zeta", Pkcs12File = "/z.pfx" }, new CertificateConfig { Name = "alpha", CertificateFile = "/a.pem", KeyFile = "/a.key" }],
    };

    [Fact]
    public async Task OpenAsync_NewFile_CreatesSchemaAndRecordsMigrations()
    {
        await using (var store = await OpenAsync())
        {
            var tables = await QueryAsync<string>(DbPath, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)");
            Assert.Equal("access_tokens,application_keys,applications,audit_log,config_objects,failures,groups,meta,schema_migrations,sqlite_sequence,subscriptions,usage_close_codes,usage_minutes,users", tables);
            Assert.Equal("0001_initial,0002_identity,0003_analytics", await QueryAsync<string>(DbPath, "SELECT group_concat(name, ',') FROM (SELECT name FROM schema_migrations ORDER BY version)"));
            Assert.Equal("0", await store.GetMetaAsync("config.revision"));
        }

        await using (var reopened = await OpenAsync())
        {
            Assert.Equal(3L, await QueryAsync<long>(DbPath, "SELECT COUNT(*) FROM schema_migrations"));
        }
    }

    [Fact]
    public async Task OpenAsync_MissingFolder_IsCreated()
    {
        var path = Path.Combine(_temp.Path, "data", "nested", "wsgate.db");

        await using var store = await OpenAsync(path);

        Assert.True(File.Exists(path));
        Assert.Equal("sqlite:" + path, store.Describe());
    }

    [Fact]
    public async Task OpenAsync_Database_IsInWalMode()
    {
        await using var store = await OpenAsync();

        Assert.Equal("wal", await QueryAsync<string>(DbPath, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task OpenAsync_SchemaFromNewerVersion_IsRefused()
    {
        await using (var store = await OpenAsync())
        {
        }

        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future', 'now')";
            await command.ExecuteNonQueryAsync();
        }

        var second = new SqliteStore(DbPath);
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => second.OpenAsync());
        await second.DisposeAsync();

        Assert.Contains("newer WsGate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadConfigAsync_NewStore_IsEmptyAtRevisionZero()
    {
        await using var store = await OpenAsync();

        var stored = await store.LoadConfigAsync();

        Assert.Equal(0, stored.Revision);
        Assert.Empty(stored.Config.Listeners);
        Assert.Empty(stored.Config.Certificates);
    }

    [Fact]
    public async Task SaveConfigAsync_ThenLoad_KeepsContentAndOrder()
    {
        var config = SampleConfig();
        await using (var store = await OpenAsync())
        {
            Assert.Equal(1, await store.SaveConfigAsync(config, 0));
        }

        await using var reopened = await OpenAsync();
        var stored = await reopened.LoadConfigAsync();

        Assert.Equal(1, stored.Revision);
        Assert.Equal(["l_003", "l_002", "l_001"], stored.Config.Listeners.Select(l => l.Id));
        Assert.Equal(["zeta", "alpha"], stored.Config.Certificates.Select(c => c.Name));
        Assert.Equal(ConfigSerializer.ToJson(config), ConfigSerializer.ToJson(stored.Config));
    }

    [Fact]
    public async Task SaveConfigAsync_Twice_ReplacesTheWholeConfig()
    {
        await using var store = await OpenAsync();
        await store.SaveConfigAsync(SampleConfig(), 0);
        var next = new GatewayConfig { Listeners = [Listener("only", 9000)] };

        Assert.Equal(2, await store.SaveConfigAsync(next, 1));

        var stored = await store.LoadConfigAsync();
        Assert.Equal(2, stored.Revision);
        Assert.Equal(ConfigSerializer.ToJson(next), ConfigSerializer.ToJson(stored.Config));
    }

    [Fact]
    public async Task SaveConfigAsync_StaleRevision_ThrowsAndChangesNothing()
    {
        await using var store = await OpenAsync();
        var first = SampleConfig();
        await store.SaveConfigAsync(first, 0);

        var ex = await Assert.ThrowsAsync<ConcurrentChangeException>(() => store.SaveConfigAsync(new GatewayConfig { Listeners = [Listener("late", 9000)] }, 0));

        Assert.Equal(0, ex.Expected);
        Assert.Equal(1, ex.Actual);
        var stored = await store.LoadConfigAsync();
        Assert.Equal(1, stored.Revision);
        Assert.Equal(ConfigSerializer.ToJson(first), ConfigSerializer.ToJson(stored.Config));
    }

    [Fact]
    public async Task OpenAsync_SecondStoreWhileFirstIsOpen_FailsSayingLocked()
    {
        await using var first = await OpenAsync();
        var second = new SqliteStore(DbPath);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => second.OpenAsync());
        await second.DisposeAsync();

        Assert.Contains("locked", ex.Message, StringComparison.Ordinal);
        Assert.Contains(DbPath, ex.Message, StringComparison.Ordinal);
        Assert.Equal("0", await first.GetMetaAsync("config.revision"));
    }

    [Fact]
    public async Task OpenAsync_AfterFirstStoreIsDisposed_Succeeds()
    {
        await using (var first = await OpenAsync())
        {
            await first.SaveConfigAsync(SampleConfig(), 0);
        }

        await using var second = await OpenAsync();

        Assert.Equal(1, (await second.LoadConfigAsync()).Revision);
    }

    [Fact]
    public async Task OpenAsync_FileThatIsNotSqlite_IsRefusedAndLeftUnchanged()
    {
        var original = "listeners:\n  - id: main\n"u8.ToArray();
        await File.WriteAllBytesAsync(DbPath, original);
        var store = new SqliteStore(DbPath);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.OpenAsync());
        await store.DisposeAsync();

        Assert.Contains("is not a SQLite database", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllBytesAsync(DbPath));
        Assert.False(File.Exists(DbPath + "-wal"));
    }

    [Fact]
    public async Task OpenAsync_ShortFileThatIsNotSqlite_IsRefused()
    {
        await File.WriteAllTextAsync(DbPath, "SQLite");
        var store = new SqliteStore(DbPath);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.OpenAsync());
        await store.DisposeAsync();

        Assert.Equal("SQLite", await File.ReadAllTextAsync(DbPath));
    }

    [Fact]
    public async Task OpenAsync_EmptyFile_IsInitialised()
    {
        await File.WriteAllBytesAsync(DbPath, []);

        await using var store = await OpenAsync();

        Assert.Equal(0, (await store.LoadConfigAsync()).Revision);
    }

    [Fact]
    public async Task OpenAsync_PagesOverwrittenInTheMiddle_IsReportedCorruptAndLeftUnchanged()
    {
        var damaged = await MakeDatabaseCopyAsync(bytes =>
        {
            var pageSize = PageSize(bytes);
            Assert.True(bytes.Length >= pageSize * 4, $"the sample database has only {bytes.Length / pageSize} pages");
            for (var i = pageSize; i < pageSize * 3; i++)
            {
                bytes[i] = (byte)(0xA5 ^ i);
            }

            return bytes;
        });
        var before = await File.ReadAllBytesAsync(damaged);
        var store = new SqliteStore(damaged);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.OpenAsync());
        await store.DisposeAsync();

        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(damaged));
    }

    [Fact]
    public async Task OpenAsync_TruncatedDatabase_IsReportedCorruptAndLeftUnchanged()
    {
        var damaged = await MakeDatabaseCopyAsync(bytes => bytes[..(PageSize(bytes) * 2 + 100)]);
        var before = await File.ReadAllBytesAsync(damaged);
        var store = new SqliteStore(damaged);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.OpenAsync());
        await store.DisposeAsync();

        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(damaged));
    }

    [Fact]
    public async Task CreateUserAsync_ThenFindInOtherCase_ReturnsTheUser()
    {
        await using var store = await OpenAsync();
        var created = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        await store.Identity.CreateUserAsync(new StoredUser { Username = "Admin", PasswordHash = "pbkdf2-sha256$1$a$b", Roles = ["admin", "viewer"], CreatedAt = created });

        var user = await store.Identity.FindUserAsync("aDMIN");

        Assert.NotNull(user);
        Assert.Equal("Admin", user.Username);
        Assert.Equal("pbkdf2-sha256$1$a$b", user.PasswordHash);
        Assert.Equal(["admin", "viewer"], user.Roles);
        Assert.True(user.Enabled);
        Assert.Equal(created, user.CreatedAt);
        Assert.Equal(1, await store.Identity.CountUsersAsync());
    }

    [Fact]
    public async Task CreateUserAsync_DisabledUser_IsStoredDisabled()
    {
        await using var store = await OpenAsync();
        await store.Identity.CreateUserAsync(new StoredUser { Username = "old", PasswordHash = "h", Enabled = false });

        Assert.False((await store.Identity.FindUserAsync("old"))!.Enabled);
    }

    [Fact]
    public async Task FindUserAsync_Unknown_IsNull()
    {
        await using var store = await OpenAsync();

        Assert.Null(await store.Identity.FindUserAsync("nobody"));
        Assert.Equal(0, await store.Identity.CountUsersAsync());
    }

    [Fact]
    public async Task CreateUserAsync_SameNameInOtherCase_IsRefused()
    {
        await using var store = await OpenAsync();
        await store.Identity.CreateUserAsync(new StoredUser { Username = "admin", PasswordHash = "h" });

        await Assert.ThrowsAsync<SqliteException>(() => store.Identity.CreateUserAsync(new StoredUser { Username = "ADMIN", PasswordHash = "h2" }));

        Assert.Equal(1, await store.Identity.CountUsersAsync());
        Assert.Equal("h", (await store.Identity.FindUserAsync("admin"))!.PasswordHash);
    }

    [Fact]
    public async Task SetMetaAsync_ThenGet_ReturnsTheLatestValue()
    {
        await using var store = await OpenAsync();

        Assert.Null(await store.GetMetaAsync("seeded"));
        await store.SetMetaAsync("seeded", "yes");
        Assert.Equal("yes", await store.GetMetaAsync("seeded"));
        await store.SetMetaAsync("seeded", "again");
        Assert.Equal("again", await store.GetMetaAsync("seeded"));
    }

    private static int PageSize(byte[] bytes)
    {
        var size = (bytes[16] << 8) | bytes[17];
        return size == 1 ? 65536 : size;
    }

    /// <summary>Writes a real database with enough rows to span several pages, then a damaged copy of it beside it.</summary>
    private async Task<string> MakeDatabaseCopyAsync(Func<byte[], byte[]> damage)
    {
        var source = _temp.File("source.db");
        await using (var store = await OpenAsync(source))
        {
            await store.SaveConfigAsync(SampleConfig(listeners: 80), 0);
            for (var i = 0; i < 40; i++)
            {
                await store.Identity.CreateUserAsync(new StoredUser { Username = $"user{i}", PasswordHash = new string('h', 100) });
            }
        }

        Assert.False(File.Exists(source + "-wal") && new FileInfo(source + "-wal").Length > 0, "the WAL was not checkpointed on close");
        var copy = _temp.File("damaged.db");
        await File.WriteAllBytesAsync(copy, damage(await File.ReadAllBytesAsync(source)));
        return copy;
    }
}
