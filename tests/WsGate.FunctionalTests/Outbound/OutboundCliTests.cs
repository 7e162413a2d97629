using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Outbound;

/// <summary>The real <c>wsgate clients</c> and <c>wsgate rules</c> verbs against a running server.</summary>
public sealed class OutboundCliTests(OutboundFixture fixture) : IClassFixture<OutboundFixture>
{
    [Fact]
    public async Task ClientsAddUrlTestSend_AgainstLocalServer_Work()
    {
        await using var remote = RawWebSocketServer.Start();

        var (added, stdout, stderr) = await RunAsync("clients", "add-url", "cli_feed", remote.Url("/feed?x=1").ToString(), "--reconnect", "--json");
        Assert.True(added == 0, stderr);
        Assert.Equal("/feed?x=1", JsonDocument.Parse(stdout).RootElement.GetProperty("config").GetProperty("path").GetString());
        await fixture.Server.WaitForClientAsync("cli_feed", "open");

        var (tested, table, _) = await RunAsync("clients", "test", "cli_feed");
        Assert.Equal(0, tested);
        Assert.Contains("True", table, StringComparison.Ordinal);

        var (sent, _, _) = await RunAsync("clients", "send", "cli_feed", "from the cli");
        Assert.Equal(0, sent);
        await Eventually.TrueAsync(() => remote.Messages.Contains("from the cli"));

        var (listed, list, _) = await RunAsync("clients", "list");
        Assert.Equal(0, listed);
        Assert.Contains("cli_feed", list, StringComparison.Ordinal);
        Assert.Contains("open", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientsAddUrl_UrlAlone_GetsTheNextFreeClientIdAndTheNameGiven()
    {
        await using var remote = RawWebSocketServer.Start();

        var (added, stdout, stderr) = await RunAsync("clients", "add-url", remote.Url("/quotes").ToString(), "--name", "Quotes feed", "--inactive", "--json");

        Assert.True(added == 0, stderr);
        var config = JsonDocument.Parse(stdout).RootElement.GetProperty("config");
        var id = config.GetProperty("id").GetString()!;
        Assert.StartsWith("WS_CLIENT_", id, StringComparison.Ordinal);
        Assert.Equal("Quotes feed", config.GetProperty("name").GetString());
        Assert.Equal("/quotes", config.GetProperty("path").GetString());
        Assert.False(config.GetProperty("active").GetBoolean());

        var (shown, table, _) = await RunAsync("clients", "show", id);
        Assert.Equal(0, shown);
        Assert.Contains(id, table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientsTest_Unreachable_ExitsFiveWithTheError()
    {
        using (var response = await fixture.Server.PostJsonAsync("/api/v1/clients", new { id = "cli_down", host = "127.0.0.1", port = FreePort.Find(), active = false }))
        {
            response.EnsureSuccessStatusCode();
        }

        var (exit, stdout, stderr) = await RunAsync("clients", "test", "cli_down");

        Assert.Equal(5, exit);
        Assert.Contains("connection refused", stdout, StringComparison.Ordinal);
        Assert.Contains("failed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesAddListQueue_FromFile_ShowsCountersAndRefusesBadRegex()
    {
        var good = Path.Combine(fixture.Server.Folder, "rule.json");
        await File.WriteAllTextAsync(good, """{"id":"cli_rule","trigger":{"channel":"cli_news"},"actions":[{"type":"log","body":"news: {{message}}"}]}""");
        var bad = Path.Combine(fixture.Server.Folder, "bad-rule.json");
        await File.WriteAllTextAsync(bad, """{"id":"cli_bad","trigger":{"channel":"cli_news","match":{"regex":"(["}},"actions":[{"type":"log"}]}""");

        Assert.Equal(0, (await RunAsync("rules", "add", good)).Exit);
        var (refused, _, error) = await RunAsync("rules", "add", bad);
        Assert.Equal(3, refused);
        Assert.Contains("trigger.match.regex", error, StringComparison.Ordinal);

        var (listed, list, _) = await RunAsync("rules", "list", "--json");
        Assert.Equal(0, listed);
        Assert.Contains(JsonDocument.Parse(list).RootElement.EnumerateArray(), r => r.GetProperty("config").GetProperty("id").GetString() == "cli_rule");
        var (queued, queue, _) = await RunAsync("rules", "queue", "--json");
        Assert.Equal(0, queued);
        Assert.Equal(10_000, JsonDocument.Parse(queue).RootElement.GetProperty("capacity").GetInt32());
    }

    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] arguments) => fixture.Server.RunCliAsync(arguments);
}
