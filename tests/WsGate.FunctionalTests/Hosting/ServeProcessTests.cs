using System.Net.WebSockets;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Hosting;

/// <summary>The real <c>wsgate serve</c> process: first start, where it listens, SIGTERM drain, and refusing a bad store.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("wsgate-serve-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Serve_FirstStartThenSigterm_PrintsWhereItListensDrainsWith1001AndExitsZero()
    {
        var data = Path.Combine(_folder.FullName, "data", "wsgate.db");
        using var process = WsGateProcess.Start(["serve", "--data", data, "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--drain-timeout", "5"]);

        var echo = await process.WaitForOutputAsync(@"listener\s+default: (ws://127\.0\.0\.1:\d+/echo) \(echo\)");
        var password = await process.WaitForOutputAsync(@"created admin user 'admin' with password (\S+)");
        await process.WaitForOutputAsync(@"admin API\s+http://127\.0\.0\.1:\d+");
        using var socket = await WebSocketTestExtensions.ConnectAsync(new Uri(echo.Groups[1].Value));
        await socket.SendTextAsync("before shutdown");
        Assert.Equal("before shutdown", await socket.ReceiveTextAsync());
        var close = socket.ReceiveCloseAsync(TimeSpan.FromSeconds(30));

        process.Terminate();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await close).CloseStatus);
        Assert.Equal(0, await process.WaitForExitAsync());
        Assert.Equal(20, password.Groups[1].Value.Length);
        Assert.True(File.Exists(data));
        Assert.Contains(process.Stdout, l => l.Contains("WsGate stopped.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_SecondStart_DoesNotPrintAPasswordAgain()
    {
        var data = Path.Combine(_folder.FullName, "wsgate.db");
        var environment = new Dictionary<string, string> { ["WSGATE_ADMIN_PASSWORD"] = "chosen-password" };
        string[] arguments = ["serve", "--data", data, "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0"];
        using (var first = WsGateProcess.Start(arguments, environment))
        {
            await first.WaitForOutputAsync("Press Ctrl\\+C");
            first.Terminate();
            Assert.Equal(0, await first.WaitForExitAsync());
            Assert.DoesNotContain(first.Stdout, l => l.Contains("password", StringComparison.OrdinalIgnoreCase) && l.Contains("created", StringComparison.Ordinal));
        }

        using var second = WsGateProcess.Start(arguments);
        await second.WaitForOutputAsync("Press Ctrl\\+C");
        second.Terminate();

        Assert.Equal(0, await second.WaitForExitAsync());
        Assert.DoesNotContain(second.Stdout, l => l.Contains("created admin user", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_FileThatIsNotSqlite_ExitsOneWithMessageAndLeavesFileUntouched()
    {
        var data = Path.Combine(_folder.FullName, "wsgate.db");
        await File.WriteAllTextAsync(data, "this is not a database\n");
        var before = await File.ReadAllBytesAsync(data);
        using var process = WsGateProcess.Start(["serve", "--data", data, "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0"]);

        var exit = await process.WaitForExitAsync();

        Assert.Equal(1, exit);
        Assert.Contains(process.Stderr, l => l.Contains("is not a SQLite database", StringComparison.Ordinal) && l.Contains(data, StringComparison.Ordinal));
        Assert.Equal(before, await File.ReadAllBytesAsync(data));
    }

    [Fact]
    public async Task Serve_DatabaseHeldByAnotherProcess_ExitsOneSayingLocked()
    {
        var data = Path.Combine(_folder.FullName, "wsgate.db");
        string[] arguments = ["serve", "--data", data, "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0"];
        using var first = WsGateProcess.Start(arguments);
        await first.WaitForOutputAsync("Press Ctrl\\+C");

        using var second = WsGateProcess.Start(arguments);
        var exit = await second.WaitForExitAsync();

        Assert.Equal(1, exit);
        Assert.Contains(second.Stderr, l => l.Contains("locked by another WsGate process", StringComparison.Ordinal));
        first.Terminate();
        Assert.Equal(0, await first.WaitForExitAsync());
    }

    [Fact]
    public async Task Serve_InvalidAdminBinding_ExitsTwoNamingIt()
    {
        using var process = WsGateProcess.Start(["serve", "--data", Path.Combine(_folder.FullName, "x.db"), "--admin", "localhost:9000"]);

        Assert.Equal(2, await process.WaitForExitAsync());
        Assert.Contains(process.Stderr, l => l.Contains("--admin 'localhost:9000'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--listen", "nonsense", "--listen 'nonsense'")]
    [InlineData("--listen", "127.0.0.1:99999", "--listen '127.0.0.1:99999'")]
    [InlineData("--bind", "default", "--bind 'default': expected LISTENER=IP:PORT")]
    [InlineData("--bind", "default=nowhere", "--bind default= 'nowhere'")]
    public async Task Serve_BadBindingOption_ExitsTwoNamingItAndStoresNothing(string option, string value, string expected)
    {
        var data = Path.Combine(_folder.FullName, "data", "wsgate.db");
        using var process = WsGateProcess.Start(["serve", "--data", data, "--admin", "127.0.0.1:0", option, value]);

        Assert.Equal(2, await process.WaitForExitAsync());
        Assert.Contains(process.Stderr, l => l.StartsWith("error: " + expected, StringComparison.Ordinal));
        Assert.DoesNotContain(process.Stderr.Concat(process.Stdout), l => l.Contains("   at ", StringComparison.Ordinal));
        Assert.False(File.Exists(data));
    }

    [Fact]
    public async Task Serve_LaterStartWithOtherListen_RefusedSayingHowToMoveIt()
    {
        var data = Path.Combine(_folder.FullName, "wsgate.db");
        var port = FreePort.Find();
        await StartAndStopAsync(data, $"127.0.0.1:{port}");

        // The same --listen again is what is stored: it starts.
        await StartAndStopAsync(data, $"127.0.0.1:{port}");

        using var other = WsGateProcess.Start(["serve", "--data", data, "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0"]);

        Assert.Equal(2, await other.WaitForExitAsync());
        var error = Assert.Single(other.Stderr, l => l.StartsWith("error: --listen", StringComparison.Ordinal));
        Assert.Contains($"listener 'default' is stored with 127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.Contains("wsgate listeners bind default 127.0.0.1:0", error, StringComparison.Ordinal);
        Assert.Contains("--bind default=127.0.0.1:0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_TwoNodesOneHost_BindOverridesTheStoredBindingForThisNodeOnly()
    {
        var data = Path.Combine(_folder.FullName, "wsgate.db");
        var port = FreePort.Find();
        await StartAndStopAsync(data, $"127.0.0.1:{port}");

        using var node = WsGateProcess.Start(["serve", "--data", data, "--admin", "127.0.0.1:0", "--bind", "default=127.0.0.1:0"]);
        var echo = await node.WaitForOutputAsync(@"listener\s+default: (ws://127\.0\.0\.1:(\d+)/echo) \(echo\)");

        Assert.NotEqual(port.ToString(System.Globalization.CultureInfo.InvariantCulture), echo.Groups[2].Value);
        using var socket = await WebSocketTestExtensions.ConnectAsync(new Uri(echo.Groups[1].Value));
        await socket.SendTextAsync("on this node's own port");
        Assert.Equal("on this node's own port", await socket.ReceiveTextAsync());
        node.Terminate();
        Assert.Equal(0, await node.WaitForExitAsync());
    }

    [Fact]
    public async Task Serve_ListenerPortInUse_OneLineNamingListenerAndAddressNoStackTrace()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        using var process = WsGateProcess.Start(["serve", "--data", Path.Combine(_folder.FullName, "wsgate.db"), "--admin", "127.0.0.1:0", "--listen", $"127.0.0.1:{port}"]);

        await process.WaitForOutputAsync("Press Ctrl\\+C");
        process.Terminate();
        Assert.Equal(0, await process.WaitForExitAsync());

        var output = process.Stdout.Concat(process.Stderr).ToList();
        Assert.Contains(output, l => l.Contains($"Listener default failed: Failed to bind to address http://127.0.0.1:{port}: address already in use", StringComparison.Ordinal));
        Assert.DoesNotContain(output, l => l.Contains("   at ", StringComparison.Ordinal) || l.Contains("Hosting failed", StringComparison.Ordinal));
    }

    /// <summary>Starts <c>wsgate serve</c> on <paramref name="data"/> with <c>--listen</c>, waits until it runs, and stops it with SIGTERM.</summary>
    private static async Task StartAndStopAsync(string data, string listen)
    {
        using var process = WsGateProcess.Start(["serve", "--data", data, "--admin", "127.0.0.1:0", "--listen", listen]);
        await process.WaitForOutputAsync("Press Ctrl\\+C");
        process.Terminate();
        Assert.Equal(0, await process.WaitForExitAsync());
    }
}
