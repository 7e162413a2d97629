using WsGate.FunctionalTests.Gateway;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Captures;

/// <summary>The real <c>wsgate</c> binary: <c>captures start|stop|download</c>, then <c>replay</c> against a real backend.</summary>
public sealed class CaptureCliTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Replay_DownloadedCaptureAgainstEcho_NoDifferences()
    {
        var server = fixture.Server;
        await server.PublishApiAsync("cli_cap", "/cli-cap", [fixture.Backend.Url("/echo")]);
        var (startExit, id, startErr) = await server.RunCliAsync("captures", "start", "--api", "cli_cap", "--max-messages", "100", "--duration", "60");
        Assert.True(startExit == 0, startErr);
        id = id.Trim();

        using (var socket = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("default", "/cli-cap")))
        {
            await socket.EchoAsync("one");
            await socket.SendBinaryAsync([9, 8, 7]);
            await socket.ReceiveMessageAsync();
            await socket.EchoAsync("three");
        }

        var file = Path.Combine(server.Folder, id + ".ndjson");
        await Eventually.TrueAsync(async () =>
        {
            var (exit, _, _) = await server.RunCliAsync("captures", "download", id, "-o", file);
            return exit == 0 && File.ReadAllLines(file).Length == 7;
        });
        var (stopExit, stopOut, _) = await server.RunCliAsync("captures", "stop", id);

        var (replayExit, replayOut, replayErr) = await server.RunCliAsync("replay", file, fixture.Backend.Url("/echo").ToString().Replace("http", "ws", StringComparison.Ordinal), "--fast");

        Assert.Equal(0, stopExit);
        Assert.Contains("stopped", stopOut, StringComparison.Ordinal);
        Assert.True(replayExit == 0, replayOut + replayErr);
        Assert.Contains("sent 3 (skipped 0 withheld), received 3, captured answers 3, differences 0", replayOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_AnswersDifferFromCapture_ReportsThemAndExitsSix()
    {
        var file = Path.Combine(fixture.Server.Folder, "edited.ndjson");
        await File.WriteAllLinesAsync(file,
        [
            """{"ts":"2026-12-07T12:00:00Z","kind":"message","connectionId":"c1","direction":"in","opcode":"text","size":1,"payload":"a"}""",
            """{"ts":"2026-12-07T12:00:00.01Z","kind":"message","connectionId":"c1","direction":"out","opcode":"text","size":1,"payload":"a"}""",
            """{"ts":"2026-12-07T12:00:00.02Z","kind":"message","connectionId":"c1","direction":"in","opcode":"text","size":1,"payload":"b"}""",
            """{"ts":"2026-12-07T12:00:00.03Z","kind":"message","connectionId":"c1","direction":"out","opcode":"text","size":1,"payload":"B"}""",
        ]);

        var (exit, stdout, _) = await fixture.Server.RunCliAsync("replay", file, fixture.Backend.Url("/echo").ToString().Replace("http", "ws", StringComparison.Ordinal), "--speed", "10");

        Assert.Equal(6, exit);
        Assert.Contains("differences 1", stdout, StringComparison.Ordinal);
        Assert.Contains("answer 2: expected text \"B\", got text \"b\"", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"ts\":\"2026-12-07T12:00:00Z\",\"kind\":\"message\"", "line 2 is not JSON")]
    [InlineData("{\"ts\":\"2026-12-07T12:00:00Z\",\"kind\":\"message\",\"connectionId\":\"c1\",\"opcode\":\"text\",\"payload\":\"a\"}", "line 2: a message needs the text field direction")]
    [InlineData("{\"ts\":\"yesterday\",\"kind\":\"message\",\"connectionId\":\"c1\",\"direction\":\"in\",\"opcode\":\"text\",\"payload\":\"a\"}", "line 2: ts is not a time")]
    [InlineData("{\"ts\":\"2026-12-07T12:00:00Z\",\"kind\":\"message\",\"connectionId\":\"c1\",\"direction\":\"in\",\"opcode\":\"binary\",\"payload\":\"not base64!\"}", "line 2: payload of a binary message is not base64")]
    public async Task Replay_BadLineInFile_UsageErrorNamingTheLine(string badLine, string error)
    {
        var file = Path.Combine(fixture.Server.Folder, $"bad-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllLinesAsync(file,
        [
            """{"ts":"2026-12-07T12:00:00Z","kind":"handshake","connectionId":"c1","path":"/","headers":{}}""",
            badLine,
        ]);

        var (exit, _, stderr) = await fixture.Server.RunCliAsync("replay", file, fixture.Backend.Url("/echo").ToString().Replace("http", "ws", StringComparison.Ordinal), "--fast");

        Assert.Equal(2, exit);
        Assert.Contains("error: " + error, stderr, StringComparison.Ordinal);
    }
}
