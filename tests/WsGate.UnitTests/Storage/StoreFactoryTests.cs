using WsGate.Storage;
using WsGate.Storage.Postgres;
using WsGate.Storage.Sqlite;

namespace WsGate.UnitTests.Storage;

public sealed class StoreFactoryTests
{
    [Theory]
    [InlineData("sqlite:/var/lib/wsgate/wsgate.db", "sqlite:/var/lib/wsgate/wsgate.db")]
    [InlineData("/var/lib/wsgate/wsgate.db", "sqlite:/var/lib/wsgate/wsgate.db")]
    [InlineData("postgres://wsgate:secret@db.internal:6432/gate", "postgres://db.internal:6432/gate")]
    [InlineData("postgresql://db.internal/gate", "postgres://db.internal:5432/gate")]
    [InlineData("Host=db.internal;Port=5433;Username=wsgate;Password=secret;Database=gate", "postgres://db.internal:5433/gate")]
    public async Task Create_EachForm_ChoosesTheStoreAndDescribesItWithoutThePassword(string spec, string described)
    {
        await using var store = StoreFactory.Create(spec, "node-a");

        Assert.IsType(described.StartsWith("sqlite:", StringComparison.Ordinal) ? typeof(SqliteStore) : typeof(PostgresStore), store);
        Assert.Equal(described, store.Describe());
    }

    [Theory]
    [InlineData("", "the store is empty")]
    [InlineData("sqlite:", "names no database file")]
    [InlineData("postgres://", "names no host")]
    [InlineData("postgres://db.internal:5432/", "names no database")]
    [InlineData("postgres://db.internal/gate?no_such_option=1", "option 'no such option'")]
    [InlineData("Host=db.internal;Bogus=1", "connection string is not valid")]
    public void Create_Malformed_ThrowsNamingTheProblem(string spec, string message)
    {
        var ex = Assert.Throws<FormatException>(() => StoreFactory.Create(spec, "node-a"));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UrlWithEscapesAndOptions_FillsTheConnectionString()
    {
        var settings = PostgresConnectionString.Parse("postgres://wsgate%40corp:p%3Ass%2Fw@db.internal:6432/my%20db?sslmode=require&timeout=7");

        Assert.Equal(("wsgate@corp", "p:ss/w", "db.internal", 6432, "my db"), (settings.Username, settings.Password, settings.Host, settings.Port, settings.Database));
        Assert.Equal(Npgsql.SslMode.Require, settings.SslMode);
        Assert.Equal(7, settings.Timeout);
        Assert.Equal("wsgate", settings.ApplicationName);
    }
}
