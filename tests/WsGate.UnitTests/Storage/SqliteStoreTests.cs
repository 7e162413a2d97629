using Microsoft.Data.Sqlite;
using WsGate.Configuration;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Rules;
using WsGate.Identity;
using WsGate.Storage;
using WsGate.Storage.Sqlite;

namespace WsGate.UnitTests.Storage;

/// <summary>The store contract and what only the embedded store does (WAL, the lock file, damaged files), on real SQLite files in a temp folder.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly TempFolder _temp = new();

    public override Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    private string DbPath => _temp.File("wsgate.db");

    protected override IWsGateStore NewStore() => new SqliteStore(DbPath);

    private static async Task<SqliteStore> OpenAsync(string path)
    {
        var store = new SqliteStore(path);
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

    [Fact]
    public async Task SaveConfigAsync_ClientsRulesBridges_LoadedBackInOrder()
    {
        var config = new GatewayConfig
        {
            Clients = [new OutboundClientConfig { Id = "zed", Host = "z" }, new OutboundClientConfig { Id = "abe", Host = "a", Headers = new Dictionary<string, string> { ["X-A"] = "1" } }],
            Rules = [new RuleConfig { Id = "r1", Trigger = new() { Client = "zed" }, Actions = [new() { Type = ActionType.Publish, Channel = "c" }] }],
            Bridges = [new BridgeConfig { Id = "b1", Client = "abe", Channel = "c" }],
        };
        await using (var store = await OpenAsync())
        {
            await store.SaveConfigAsync(config, 0);
        }

        await using var reopened = await OpenAsync();
        var loaded = (await reopened.LoadConfigAsync()).Config;
        Assert.Equal(["zed", "abe"], loaded.Clients.Select(c => c.Id));
        Assert.Equal("1", loaded.Clients[1].Headers["X-A"]);
        Assert.Equal("c", Assert.Single(loaded.Rules).Actions[0].Channel);
        Assert.Equal("abe", Assert.Single(loaded.Bridges).Client);
    }

    [Fact]
    public async Task OpenAsync_NewFile_CreatesSchemaAndRecordsMigrations()
    {
        await using (var store = await OpenAsync())
        {
            var tables = await QueryAsync<string>(DbPath, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)");
            Assert.Equal("access_tokens,application_keys,applications,audit_log,auth_failures,authorization_codes,capture_records,captures,config_objects,failures,groups,meta,refresh_tokens,schema_migrations,sqlite_sequence,subscriptions,usage_close_codes,usage_minutes,users", tables);
            Assert.Equal("0001_initial,0002_identity,0003_analytics,0005_auth_failures,0006_oauth_code_grant,0007_captures", await QueryAsync<string>(DbPath, "SELECT group_concat(name, ',') FROM (SELECT name FROM schema_migrations ORDER BY version)"));
            Assert.Equal("0", await store.GetMetaAsync("config.revision"));
        }

        await using (var reopened = await OpenAsync())
        {
            Assert.Equal(6L, await QueryAsync<long>(DbPath, "SELECT COUNT(*) FROM schema_migrations"));
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

    [Theory]
    [InlineData(30, false)] // EROFS: a read-only file system
    [InlineData(28, false)] // ENOSPC: a full disk
    [InlineData(11, true)] // EWOULDBLOCK from flock: another process holds the lock
    public void IsLockConflict_ErrnoOfTheFailedOpen_OnlyALockHeldElsewhereCounts(int errno, bool conflict)
    {
        Assert.Equal(conflict, SqliteStore.IsLockConflict(new IOException("open failed", errno)));
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

    [Fact]
    public async Task OpenAsync_StoreWrittenByOldSqlite_MigratedInPlaceAndEverythingReadable()
    {
        // Written by WsGate at e83fc71 on Microsoft.Data.Sqlite 6.0.7 with SQLitePCLRaw 2.0.6 (SQLite 3.35.5, recorded
        // in the file's header): an admin, a subscriber 'ann' with an application, its production keys and a token,
        // and a published API 'quotes' subscribed under Gold.
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "store-sqlite-3.35.db"), DbPath);
        Assert.Equal(3_035_005, WriterVersion(DbPath));

        await using (var store = await OpenAsync(DbPath))
        {
            var ann = await store.Identity.FindUserAsync("ann");
            var key = await store.Identity.FindKeyByApiKeyHashAsync(Secrets.Hash("wsg_ak_7cMTtEB8nVQPOq4rHVvcLmo7DBGs_z9Nyz3kzcc_MTc"));
            var token = await store.Identity.FindTokenAsync(Secrets.Hash("wsg_at_7OscX5ycXQWBJpDNLS7lIkAqdLCRgcLQNNB_NFdpuis"));
            var config = (await store.LoadConfigAsync()).Config;
            var subscriptions = await store.Identity.ListSubscriptionsAsync("app_wNFwGbgKMfTwA_-q", null);
            var counted = await store.Identity.RecordAuthFailureAsync("public", "ip:10.0.0.1", T0, T0.AddMinutes(-5), 3, T0.AddMinutes(15));

            Assert.True(PasswordHasher.Verify("ann-old-store-pw", ann!.PasswordHash));
            Assert.Equal("app_wNFwGbgKMfTwA_-q", key!.ApplicationId);
            Assert.Equal("ann", token!.Username);
            Assert.Equal("quotes", Assert.Single(config.Apis).Id);
            Assert.Equal("Gold", Assert.Single(subscriptions).Tier);
            Assert.Equal(1, counted.Failures);
        }

        Assert.True(WriterVersion(DbPath) > 3_035_005, "the store is now written by the bundled, newer SQLite");
        Assert.Equal("ok", await QueryAsync<string>(DbPath, "PRAGMA integrity_check"));
    }

    /// <summary>The SQLite version that last wrote the file (its header's bytes 96-99, big-endian).</summary>
    private static int WriterVersion(string path)
    {
        var header = new byte[100];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(96));
    }
}
