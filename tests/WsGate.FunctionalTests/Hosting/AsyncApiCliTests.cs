using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Hosting;

/// <summary><c>wsgate apis import</c> and <c>apis export-asyncapi</c> of the real binary against a real running server.</summary>
public sealed class AsyncApiCliTests : IAsyncLifetime
{
    private const string Document = """
        asyncapi: 3.0.0
        info:
          title: Cli Chat
          version: '1.0'
        servers:
          main:
            host: 127.0.0.1:9
            protocol: ws
        channels:
          room:
            address: /room
            messages:
              say:
                payload:
                  type: object
                  required: [text]
        operations:
          receiveSay:
            action: receive
            channel:
              $ref: '#/channels/room'
        """;

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ApisImport_DryRunThenReal_CreatesOnlyTheSecondTimeAndExportsIt()
    {
        var file = Path.Combine(_server.Folder, "chat.yaml");
        await File.WriteAllTextAsync(file, Document);

        var (dryExit, dryOut, dryErr) = await _server.RunCliAsync(["apis", "import", file, "--dry-run"], TestServer.AdminPassword);
        var (listExit, listOut, _) = await _server.RunCliAsync(["apis", "list", "--json"], TestServer.AdminPassword);
        var (exit, stdout, stderr) = await _server.RunCliAsync(["apis", "import", file, "--id", "cli_chat", "--json"], TestServer.AdminPassword);
        var (exportExit, exported, _) = await _server.RunCliAsync(["apis", "export-asyncapi", "cli_chat", "--format", "json"], TestServer.AdminPassword);

        Assert.True(dryExit == 0, dryErr);
        Assert.StartsWith("would be created:", dryOut, StringComparison.Ordinal);
        Assert.Equal(0, listExit);
        Assert.Empty(JsonDocument.Parse(listOut).RootElement.EnumerateArray());
        Assert.True(exit == 0, stderr);
        var config = JsonDocument.Parse(stdout).RootElement.GetProperty("config");
        Assert.Equal(("cli_chat", "/cli-chat", "1.0"), (config.GetProperty("id").GetString(), config.GetProperty("context").GetString(), config.GetProperty("version").GetString()));
        Assert.Equal(["ws://127.0.0.1:9/room"], config.GetProperty("endpoints").GetProperty("production").GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(0, exportExit);
        Assert.Equal("3.0.0", JsonDocument.Parse(exported).RootElement.GetProperty("asyncapi").GetString());
    }

    [Fact]
    public async Task ApisImport_BadDocument_ExitsThreeNamingEachPath()
    {
        var file = Path.Combine(_server.Folder, "bad.yaml");
        await File.WriteAllTextAsync(file, "asyncapi: 3.0.0\ninfo: {version: '1'}\nchannels: {c: {messages: {m: {payload: {type: 7}}}}}\n");

        var (exit, _, stderr) = await _server.RunCliAsync(["apis", "import", file], TestServer.AdminPassword);

        Assert.Equal(3, exit);
        Assert.Contains("$.info.title: is required", stderr, StringComparison.Ordinal);
        Assert.Contains("$.channels.c.messages.m.payload: is not a valid JSON Schema", stderr, StringComparison.Ordinal);
    }
}
