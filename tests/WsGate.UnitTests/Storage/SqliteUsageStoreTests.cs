using WsGate.Storage;
using WsGate.Storage.Sqlite;

namespace WsGate.UnitTests.Storage;

/// <summary>Usage rollups and the failure log on a real SQLite file.</summary>
public sealed class SqliteUsageStoreTests : UsageStoreContractTests
{
    private readonly TempFolder _temp = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _temp.Dispose();
    }

    protected override Task<IWsGateStore> CreateStoreAsync() => Task.FromResult<IWsGateStore>(new SqliteStore(_temp.File("wsgate.db")));
}
