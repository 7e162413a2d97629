using System.Text.Json;
using WsGate.FunctionalTests.Identity;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Hosting;

/// <summary>The real <c>wsgate</c> binary's remote verbs against a real running server.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ListenersList_Json_PrintsTheServersListeners()
    {
        var (exit, stdout, _) = await RunAsync("listeners", "list", "--json");

        Assert.Equal(0, exit);
        var listeners = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("default", listeners.EnumerateArray().Single().GetProperty("config").GetProperty("id").GetString());
    }

    [Fact]
    public async Task AnalyticsUsage_AfterEchoTraffic_PrintsTheFlushedRollup()
    {
        using (var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri))
        {
            Assert.Equal("cli", await socket.EchoAsync("cli"));
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        await Eventually.TrueAsync(() => _server.Server.Services.GetService(typeof(WsGate.Connections.ConnectionRegistry)) is WsGate.Connections.ConnectionRegistry { Count: 0 });
        await ((WsGate.Analytics.AnalyticsFlusher)_server.Server.Services.GetService(typeof(WsGate.Analytics.AnalyticsFlusher))!).FlushAsync();

        var (exit, stdout, _) = await RunAsync("analytics", "usage", "--group-by", "listener", "--json");
        var (badExit, _, badStderr) = await RunAsync("analytics", "top", "--by", "latency");

        Assert.Equal(0, exit);
        var usage = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Single();
        Assert.Equal("default", usage.GetProperty("group").GetString());
        Assert.Equal(1, usage.GetProperty("messagesIn").GetInt64());
        Assert.Equal(3, badExit);
        Assert.Contains("by:", badStderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListenersShow_Unknown_ExitsThreeWithProblemDetail()
    {
        var (exit, _, stderr) = await RunAsync("listeners", "show", "nope");

        Assert.Equal(3, exit);
        Assert.Contains("404", stderr, StringComparison.Ordinal);
        Assert.Contains("no listener 'nope'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnknownIoMode_ExitsTwoNamingTheAcceptedValues()
    {
        var (exit, stdout, stderr) = await RunAsync("serve", "--io", "bogus");
        var (unknownExit, _, unknownStderr) = await RunAsync("listeners", "list", "--bogus");

        Assert.Equal(2, exit);
        Assert.Contains("error: --io: 'bogus' is not one of Inline, Pool", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: wsgate serve --help", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("WsGate.Server", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
        Assert.Equal(2, unknownExit);
        Assert.Contains("'--bogus'", unknownStderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListenersAdd_InvalidFile_PrintsEachFieldError()
    {
        var file = Path.Combine(_server.Folder, "bad-listener.json");
        await File.WriteAllTextAsync(file, """{"id":"bad id","bindings":["127.0.0.1:99999"]}""");

        var (exit, _, stderr) = await RunAsync("listeners", "add", file);

        Assert.Equal(3, exit);
        Assert.Contains("id:", stderr, StringComparison.Ordinal);
        Assert.Contains("bindings[0]:", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public async Task ListenersAdd_EmptyFile_ExitsTwoSayingSo(string content)
    {
        var file = Path.Combine(_server.Folder, "empty-listener.json");
        await File.WriteAllTextAsync(file, content);

        var (exit, _, stderr) = await RunAsync("listeners", "add", file);

        Assert.Equal(2, exit);
        Assert.Contains("the file is empty", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListenersAdd_UnreadableFile_ExitsTwoNamingIt()
    {
        var (exit, _, stderr) = await RunAsync("listeners", "add", Path.Combine(_server.Folder, "no-such-file.json"));

        Assert.Equal(2, exit);
        Assert.Contains("no-such-file.json", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListenersBind_NewAddress_RebindsAndShowsWebSocketScheme()
    {
        var (exit, stdout, stderr) = await RunAsync("listeners", "bind", "default", "127.0.0.1:0", "--json");

        Assert.True(exit == 0, stderr);
        var view = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("127.0.0.1:0", view.GetProperty("config").GetProperty("bindings").EnumerateArray().Single().GetString());
        Assert.StartsWith("ws://127.0.0.1:", view.GetProperty("boundAddresses").EnumerateArray().Single().GetString(), StringComparison.Ordinal);
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        Assert.Equal("rebound", await socket.EchoAsync("rebound"));
    }

    [Fact]
    public async Task ListenersWorkers_SetThenRaise_LimitsAppliedLiveAndOthersKept()
    {
        var (exit, stdout, stderr) = await RunAsync("listeners", "workers", "default", "--max-concurrent", "2", "--queue-limit", "10", "--priority", "8", "--json");
        var (raiseExit, raised, raiseStderr) = await RunAsync("listeners", "workers", "default", "--max-concurrent", "4", "--json");

        Assert.True(exit == 0, stderr);
        Assert.Equal(2, JsonDocument.Parse(stdout).RootElement.GetProperty("workers").GetProperty("maxConcurrent").GetInt32());
        Assert.True(raiseExit == 0, raiseStderr);
        var workers = JsonDocument.Parse(raised).RootElement.GetProperty("config").GetProperty("workers");
        Assert.Equal((4, 10, 8), (workers.GetProperty("maxConcurrent").GetInt32(), workers.GetProperty("queueLimit").GetInt32(), workers.GetProperty("priority").GetInt32()));
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        Assert.Equal("limited", await socket.EchoAsync("limited"));
    }

    [Fact]
    public async Task ListenersWorkers_MaxConcurrentZeroWithAQueueLimitSet_LimitsOffAndQueueLimitKept()
    {
        var (setExit, _, setStderr) = await RunAsync("listeners", "workers", "default", "--max-concurrent", "1", "--queue-limit", "10", "--json");
        var (exit, stdout, stderr) = await RunAsync("listeners", "workers", "default", "--max-concurrent", "0", "--json");

        Assert.True(setExit == 0, setStderr);
        Assert.True(exit == 0, stderr);
        var view = JsonDocument.Parse(stdout).RootElement;
        Assert.False(view.TryGetProperty("workers", out var live) && live.ValueKind != JsonValueKind.Null);
        var workers = view.GetProperty("config").GetProperty("workers");
        Assert.Equal((0, 10), (workers.GetProperty("maxConcurrent").GetInt32(), workers.GetProperty("queueLimit").GetInt32()));
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        Assert.Equal("unlimited", await socket.EchoAsync("unlimited"));
    }

    [Fact]
    public async Task ConfigDiff_UnchangedExport_NoChangesExitZero()
    {
        var file = Path.Combine(_server.Folder, "unchanged.yaml");
        Assert.Equal(0, (await RunAsync("config", "export", "-o", file)).Exit);

        var (exit, stdout, stderr) = await RunAsync("config", "diff", file);
        var (dryExit, dryRun, _) = await RunAsync("config", "import", file, "--dry-run", "--json");

        Assert.True(exit == 0, stderr);
        Assert.Contains("no changes", stdout, StringComparison.Ordinal);
        Assert.Equal(0, dryExit);
        var result = JsonDocument.Parse(dryRun).RootElement;
        Assert.Empty(result.GetProperty("changes").EnumerateArray());
        Assert.Empty(result.GetProperty("listenersUpdated").EnumerateArray());
    }

    [Fact]
    public async Task ConfigExportGroup_DiffedAsThatGroup_OnlyItsListenersAndNoChanges()
    {
        await _server.ConfigureListenerAsync("default", l => l["group"] = "front");
        try
        {
            var file = Path.Combine(_server.Folder, "group.yaml");
            Assert.Equal(0, (await RunAsync("config", "export", "--group", "front", "-o", file)).Exit);

            var yaml = await File.ReadAllTextAsync(file);
            var (exit, stdout, stderr) = await RunAsync("config", "diff", file, "--group", "front", "--mode", "replace");
            var (unknownExit, _, unknownError) = await RunAsync("config", "export", "--group", "back");

            Assert.True(exit == 0, stderr);
            Assert.Contains("no changes", stdout, StringComparison.Ordinal);
            Assert.Equal(["listeners", "certificates"], WsGate.Configuration.ConfigSerializer.YamlToJson(yaml)!.AsObject().Select(p => p.Key));
            Assert.NotEqual(0, unknownExit);
            Assert.Contains("no listener is in the group 'back' (groups: front)", unknownError, StringComparison.Ordinal);
        }
        finally
        {
            await _server.ConfigureListenerAsync("default", l => l.Remove("group"));
        }
    }

    [Fact]
    public async Task ConfigDiff_ChangedField_ShowsOnlyThatFieldAndChangesNothing()
    {
        var file = Path.Combine(_server.Folder, "changed.yaml");
        Assert.Equal(0, (await RunAsync("config", "export", "-o", file)).Exit);
        var yaml = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, yaml.Replace("Created on first start", "Moved by diff test", StringComparison.Ordinal));

        var (exit, stdout, stderr) = await RunAsync("config", "diff", file, "--json");

        Assert.True(exit == 0, stderr);
        var change = Assert.Single(JsonDocument.Parse(stdout).RootElement.GetProperty("changes").EnumerateArray());
        Assert.Equal("listeners[default].description", change.GetProperty("path").GetString());
        Assert.Equal("changed", change.GetProperty("kind").GetString());
        Assert.StartsWith("Moved by diff test", change.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Created on first start", (await _server.GetJsonAsync("/api/v1/listeners/default")).GetProperty("config").GetProperty("description").GetString(), StringComparison.Ordinal);

        // As a table into a pipe: one row per change, whole, not wrapped at 80 columns.
        var (tableExit, table, _) = await RunAsync("config", "diff", file);
        Assert.Equal(0, tableExit);
        var row = Assert.Single(table.Split('\n'), l => l.Contains("listeners[default].description", StringComparison.Ordinal));
        Assert.Contains("\"Moved by diff test: echo and channel endpoints\"", row, StringComparison.Ordinal);
        Assert.Contains("1 change(s) would be made; nothing was changed", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_TextWithPlusAndAngleBrackets_PrintedAsIs()
    {
        await _server.ConfigureListenerAsync("default", l => l["description"] = "a+b > c & <d> é");

        var (exit, stdout, _) = await RunAsync("listeners", "show", "default", "--json");

        Assert.Equal(0, exit);
        Assert.Contains("\"description\": \"a+b > c & <d> é\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteVerb_WrongPassword_ExitsThreeSaying401()
    {
        var (exit, _, stderr) = await RunAsync(["connections", "list"], password: "wrong-password");

        Assert.Equal(3, exit);
        Assert.Contains("401", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteVerb_NothingListening_ExitsFourSayingRefused()
    {
        var (exit, _, stderr) = await RunAsync(["listeners", "list", "--server", $"http://127.0.0.1:{FreePort.Find()}"]);

        Assert.Equal(4, exit);
        Assert.Contains("connection refused", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelsPublish_ToSubscriber_Delivered()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);
        await socket.SubscribeAsync("cli");

        var (exit, stdout, _) = await RunAsync("channels", "publish", "cli", """{"from":"cli"}""", "--json");

        Assert.Equal(0, exit);
        Assert.Equal(1, JsonDocument.Parse(stdout).RootElement.GetProperty("delivered").GetInt32());
        Assert.Contains("\"from\":\"cli\"", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigExportThenCheckConfig_ExportedFile_IsValid()
    {
        var file = Path.Combine(_server.Folder, "exported.yaml");

        var (exported, _, _) = await RunAsync("config", "export", "-o", file);
        var (checkedExit, stdout, _) = await RunAsync("check-config", file);

        Assert.Equal(0, exported);
        Assert.Equal(0, checkedExit);
        Assert.Contains("valid (1 listeners", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("listeners")]
    [InlineData("users")]
    [InlineData("serve")]
    public async Task Help_PasswordsInTheEnvironment_NeverPrinted(string command)
    {
        var (exit, stdout, _) = await _server.RunCliAsync([command, "--help"], TestServer.AdminPassword, new Dictionary<string, string>
        {
            ["WSGATE_NEW_PASSWORD"] = "new-user-secret-in-env",
            ["WSGATE_STORE"] = "postgres://wsgate:store-secret-in-env@127.0.0.1:5432/wsgate",
        });

        Assert.Equal(0, exit);
        Assert.DoesNotContain(TestServer.AdminPassword, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-env", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigExportWithSecrets_ThenImport_SecretsTravelSealed()
    {
        await _server.ImportAsync("""
            identity:
              jwtIssuers:
                - name: corp
                  issuer: https://id.example
                  hmacSecret: cli-hmac-secret-0123456789abcdef0123
            """);
        var file = Path.Combine(_server.Folder, "sealed.yaml");
        var passphrase = new Dictionary<string, string> { ["WSGATE_CONFIG_PASSPHRASE"] = "a passphrase for the cli test" };

        var (noPassphrase, _, noPassphraseError) = await _server.RunCliAsync(["config", "export", "--with-secrets"], TestServer.AdminPassword);
        var (exported, _, _) = await _server.RunCliAsync(["config", "export", "--with-secrets", "-o", file], TestServer.AdminPassword, passphrase);
        var (imported, _, _) = await _server.RunCliAsync(["config", "import", file, "--dry-run"], TestServer.AdminPassword, passphrase);
        var (refused, _, refusedError) = await _server.RunCliAsync(["config", "import", file, "--dry-run"], TestServer.AdminPassword);

        Assert.Equal(2, noPassphrase);
        Assert.Contains("WSGATE_CONFIG_PASSPHRASE", noPassphraseError, StringComparison.Ordinal);
        Assert.Equal(0, exported);
        Assert.DoesNotContain("cli-hmac-secret", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.Equal(0, imported);
        Assert.Equal(3, refused);
        Assert.Contains("identity.jwtIssuers[0].hmacSecret", refusedError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lockouts_ListThenUnlock_CounterGone()
    {
        // A user that fails and never succeeds (a success would clear its count).
        var (_, _, _) = await RunAsync(["connections", "list", "--user", "nobody-cli"], password: "wrong-password-for-lockouts");

        var (listed, listOut, _) = await RunAsync("lockouts", "list", "--json");
        var (unlocked, unlockOut, _) = await RunAsync("lockouts", "unlock", "user:nobody-cli", "--scope", "admin");
        var (_, afterOut, _) = await RunAsync("lockouts", "list", "--json");
        var (badScope, _, badScopeError) = await RunAsync("lockouts", "unlock", "user:nobody-cli", "--scope", "everywhere");

        Assert.Equal(0, listed);
        Assert.Contains(JsonDocument.Parse(listOut).RootElement.EnumerateArray(), l => l.GetProperty("subject").GetString() == "user:nobody-cli");
        Assert.Equal(0, unlocked);
        Assert.Contains("unlocked user:nobody-cli (1 counters removed)", unlockOut, StringComparison.Ordinal);
        Assert.DoesNotContain(JsonDocument.Parse(afterOut).RootElement.EnumerateArray(), l => l.GetProperty("subject").GetString() == "user:nobody-cli");
        Assert.Equal(3, badScope);
        Assert.Contains("scope", badScopeError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientTest_EchoEndpoint_AllStepsOk()
    {
        var (exit, stdout, _) = await RunAsync("client", "test", _server.EchoUri.ToString(), "--json");

        Assert.Equal(0, exit);
        var steps = JsonDocument.Parse(stdout).RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!, s => s.GetProperty("ok").GetBoolean());
        Assert.Equal(["dns", "tcp", "upgrade", "ping", "echo", "close"], steps.Keys);
        Assert.All(steps.Values, Assert.True);
    }

    [Fact]
    public async Task ClientTest_NoSuchEndpoint_Explains404()
    {
        var (exit, stdout, _) = await RunAsync("client", "test", _server.ListenerUri("default", "/nope").ToString(), "--json");

        Assert.Equal(5, exit);
        Assert.Contains("HTTP 404 instead of 101", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientTest_RefusedWithProblemBody_ShowsTheServersOwnReason()
    {
        await _server.PublishApiAsync("origins", "/origins", [new Uri("ws://127.0.0.1:9/")], new { policies = new { allowedOrigins = new[] { "https://app.example.com" } } });

        var (exit, stdout, _) = await RunAsync("client", "test", _server.ListenerUri("default", "/origins/v1").ToString(), "--json");

        Assert.Equal(5, exit);
        Assert.Contains("HTTP 403 instead of 101: this API requires an Origin header from an allowed site", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("the credentials, the Origin or the client's address", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientTest_PlainHttpServer_ExplainsDroppedUpgrade()
    {
        // The admin API's health route ignores the Upgrade header, as a misconfigured proxy in front of a server would.
        var (exit, stdout, _) = await RunAsync("client", "test", new Uri(_server.AdminAddress, "/healthz").ToString(), "--json");

        Assert.Equal(5, exit);
        Assert.Contains("plain HTTP page", stdout, StringComparison.Ordinal);
        Assert.Contains("dropped the Upgrade header", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientTest_SubprotocolNotChosen_ReportsMismatch()
    {
        var (exit, stdout, _) = await RunAsync("client", "test", _server.EchoUri.ToString(), "--subprotocol", "mqtt", "--json");

        Assert.Equal(5, exit);
        Assert.Contains("subprotocol mismatch", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_InvalidFile_ExitsTwoNamingFields()
    {
        var file = Path.Combine(_server.Folder, "bad.yaml");
        await File.WriteAllTextAsync(file, "listeners:\n  - id: ok\n    bindings: [nope]\n    backlog: 0\n");

        var (exit, _, stderr) = await RunAsync("check-config", file);

        Assert.Equal(2, exit);
        Assert.Contains("listeners[0].bindings[0]", stderr, StringComparison.Ordinal);
        Assert.Contains("listeners[0].backlog", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_EveryCommand_Describes()
    {
        // The commands the root help lists, so a new verb cannot miss this check; the known ones must be among them.
        var (rootExit, root, _) = await RunAsync("--help");
        Assert.Equal(0, rootExit);
        var commands = root[root.IndexOf("Commands:", StringComparison.Ordinal)..].Split('\n').Skip(1)
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^  ([a-z][a-z-]*)\b"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.Superset(
            new HashSet<string> { "serve", "listeners", "apis", "users", "apps", "tiers", "connections", "nodes", "analytics", "channels", "config", "check-config", "default-config", "client", "clients", "rules" },
            commands.ToHashSet());
        foreach (var command in commands)
        {
            var (exit, stdout, _) = await RunAsync(command, "--help");
            Assert.Equal(0, exit);
            Assert.Contains("usage:", stdout, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task BenchEcho_AgainstServer_ReportTableWithCleanCloses()
    {
        var (exit, stdout, stderr) = await RunAsync("bench", "echo", "--url", _server.EchoUri.ToString(), "--connections", "2", "--duration", "1", "--warmup", "0.2");

        // On failure the bench's whole report and errors are the message: it once failed with nothing that said why.
        var report = $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}";
        Assert.True(exit == 0, report);
        Assert.True(stdout.Contains("messagesPerSecond", StringComparison.Ordinal), report);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(stdout, @"closedClean\s*│\s*2\s"), report);
    }

    [Fact]
    public async Task BenchIdle_Json_LoadGeneratorReportOverChildProcesses()
    {
        var (exit, stdout, stderr) = await RunAsync("bench", "idle", "--url", _server.EchoUri.ToString(), "--connections", "20", "--per-process", "10", "--hold", "0.2", "--json");

        Assert.True(exit == 0, stderr);
        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(2, report.GetProperty("processes").GetInt32());
        Assert.Equal(20, report.GetProperty("opened").GetInt32());
        Assert.Equal(0, report.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Bench_BadOption_ExitsTwoNamingIt()
    {
        var (exit, _, stderr) = await RunAsync("bench", "echo", "--connections", "0");

        Assert.Equal(2, exit);
        Assert.Contains("--connections must be an integer from 1 to 10000", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchHelp_ListsModes()
    {
        var (exit, stdout, _) = await RunAsync("bench", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("usage: wsgate bench MODE [options]", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_TableAndJson_ListTheNodeThatAnswered()
    {
        var (exit, stdout, _) = await RunAsync("nodes", "--json");
        var (tableExit, table, _) = await RunAsync("nodes");

        Assert.Equal(0, exit);
        var node = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Single();
        Assert.Equal(_server.Server.NodeId, node.GetProperty("id").GetString());
        Assert.Equal("alive", node.GetProperty("state").GetString());
        Assert.Equal(0, tableExit);
        Assert.Contains("alive", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodesDrain_UnknownNode_ExitsThreeNamingIt()
    {
        var (exit, _, stderr) = await RunAsync("nodes", "drain", "no-such-node", "--period", "5");

        Assert.Equal(3, exit);
        Assert.Contains("no node 'no-such-node'", stderr, StringComparison.Ordinal);
    }

    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] arguments) => RunAsync(arguments, TestServer.AdminPassword);

    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] arguments, string password) => _server.RunCliAsync(arguments, password);
}
