using Microsoft.Data.Sqlite;
using WsGate.Configuration;
using WsGate.Storage;
using WsGate.Storage.Sqlite;
using WsGate.UnitTests.Configuration.Secrets;

namespace WsGate.UnitTests.Storage;

/// <summary>The configuration's secrets encrypted at rest in a real SQLite file, with the key file beside it, and key rotation.</summary>
public sealed class DataKeyRingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string DbPath => _temp.File("wsgate.db");

    private async Task<string> StoredDocsAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(doc, char(10)) FROM config_objects";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task SaveConfig_Secrets_EncryptedInTheFileAndReadBack()
    {
        await using (var store = new SqliteStore(DbPath))
        {
            await store.OpenAsync();
            await store.SaveConfigAsync(SecretSamples.Config(), 0);
        }

        var raw = await StoredDocsAsync();
        await using var reopened = new SqliteStore(DbPath);
        await reopened.OpenAsync();
        var loaded = (await reopened.LoadConfigAsync()).Config;

        Assert.DoesNotContain("SECRET-", raw, StringComparison.Ordinal);
        Assert.Contains(DataKeyRing.Prefix, raw, StringComparison.Ordinal);
        Assert.Equal(ConfigSerializer.ToJson(SecretSamples.Config()), ConfigSerializer.ToJson(loaded));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_temp.File("wsgate.key")));
        }
        Assert.Contains("data key", reopened.DescribeSecrets(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotation_NewKeyFirstThenReseal_OldKeyNoLongerNeeded()
    {
        var oldKey = DataKeyRing.NewKey();
        var newKey = DataKeyRing.NewKey();
        await using (var store = new SqliteStore(DbPath, DataKeyRing.Parse(oldKey, "test")))
        {
            await store.OpenAsync();
            await store.SaveConfigAsync(SecretSamples.Config(), 0);
        }

        await using (var rotating = new SqliteStore(DbPath, DataKeyRing.Parse(newKey + "," + oldKey, "test")))
        {
            await rotating.OpenAsync();
            var stored = await rotating.LoadConfigAsync();
            await rotating.SaveConfigAsync(stored.Config, stored.Revision);
        }

        await using var newOnly = new SqliteStore(DbPath, DataKeyRing.Parse(newKey, "test"));
        await newOnly.OpenAsync();
        var loaded = (await newOnly.LoadConfigAsync()).Config;

        Assert.Equal("SECRET-basic", loaded.FindClient("feed")!.Basic!.Password);
    }

    [Fact]
    public async Task LoadConfig_KeyMissing_RefusedNamingTheKeyId()
    {
        var written = DataKeyRing.Parse(DataKeyRing.NewKey(), "test");
        await using (var store = new SqliteStore(DbPath, written))
        {
            await store.OpenAsync();
            await store.SaveConfigAsync(SecretSamples.Config(), 0);
        }

        await using var other = new SqliteStore(DbPath, DataKeyRing.Parse(DataKeyRing.NewKey(), "test"));
        await other.OpenAsync();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => other.LoadConfigAsync());
        Assert.Contains(written.CurrentKeyId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotA32ByteKey_RefusedNamingTheSource()
    {
        var error = Assert.Throws<StoreUnavailableException>(() => DataKeyRing.Parse("c2hvcnQ=", "WSGATE_DATA_KEY"));

        Assert.StartsWith("WSGATE_DATA_KEY: a data key must be 32 bytes", error.Message, StringComparison.Ordinal);
    }
}
