using WsGate.Storage;
using WsGate.Storage.Postgres;
using WsGate.Testing;

namespace WsGate.UnitTests.Storage;

/// <summary>Usage rollups and the failure log on a real PostgreSQL started for this test assembly, a database per test.</summary>
public sealed class PostgresUsageStoreTests : UsageStoreContractTests
{
    protected override async Task<IWsGateStore> CreateStoreAsync()
    {
        var server = await PostgresServer.SharedAsync();
        var database = await server.CreateDatabaseAsync("usage");
        return new PostgresStore(server.ConnectionString(database), "node-a");
    }
}
