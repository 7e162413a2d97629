using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WsGate.FunctionalTests.Gateway;
using WsGate.FunctionalTests.Identity;
using WsGate.Storage;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Captures;

/// <summary>Message captures on a real relay to a real backend: both directions, bounds, redaction, the JSON lines download.</summary>
public sealed class CaptureTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Card = "4111111111111111";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Capture_RelayedMessages_BothDirectionsAndRedactedHandshakeDownloaded()
    {
        await Server.PublishApiAsync("cap_both", "/cap-both", [fixture.Backend.Url("/echo")]);
        var id = await StartAsync(new { target = new { api = "cap_both" }, maxMessages = 100, maxBytes = 100_000, durationMs = 60_000, redact = new { headers = new[] { "X-Secret" } } });

        using (var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/cap-both"), o => o.SetRequestHeader("X-Secret", "secret-token-1")))
        {
            await socket.SendTextAsync("hello");
            Assert.Equal("hello", await socket.ReceiveTextAsync());
            await socket.SendBinaryAsync([1, 2, 3]);
            await socket.ReceiveMessageAsync();
        }

        var (lines, text) = await DownloadAsync(id, 5);

        Assert.Equal("handshake", lines[0].GetProperty("kind").GetString());
        Assert.Equal("[redacted]", lines[0].GetProperty("headers").GetProperty("X-Secret").GetString());
        Assert.DoesNotContain("secret-token-1", text, StringComparison.Ordinal);
        var messages = lines.Skip(1).Select(l => (l.GetProperty("direction").GetString(), l.GetProperty("opcode").GetString(), l.GetProperty("payload").GetString())).ToList();
        Assert.Equal([("in", "text", "hello"), ("out", "text", "hello"), ("in", "binary", "AQID"), ("out", "binary", "AQID")], messages);
        Assert.All(lines, l => Assert.True(l.GetProperty("ts").GetDateTimeOffset() > DateTimeOffset.UnixEpoch));
        Assert.Single(lines.Select(l => l.GetProperty("connectionId").GetString()).Distinct());
    }

    [Fact]
    public async Task Capture_MaxMessagesReached_StopsWithReasonAndHoldsNoMore()
    {
        await Server.PublishApiAsync("cap_count", "/cap-count", [fixture.Backend.Url("/echo")]);
        var id = await StartAsync(new { target = new { api = "cap_count" }, maxMessages = 4, maxBytes = 100_000, durationMs = 60_000 });

        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/cap-count"));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"m{i}", await socket.EchoAsync($"m{i}"));
        }

        var capture = await WaitStoppedAsync(id);
        var (lines, _) = await DownloadAsync(id, 4);

        Assert.Equal("maxMessages reached", capture.GetProperty("stopReason").GetString());
        Assert.Equal(4, capture.GetProperty("messages").GetInt64());
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public async Task Capture_MaxBytesReached_StopsBeforeCrossingIt()
    {
        await Server.PublishApiAsync("cap_bytes", "/cap-bytes", [fixture.Backend.Url("/echo")]);
        var id = await StartAsync(new { target = new { api = "cap_bytes" }, maxMessages = 100, maxBytes = 20, durationMs = 60_000 });

        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/cap-bytes"));
        await socket.EchoAsync("12345678");
        await socket.EchoAsync("abcdefgh");

        var capture = await WaitStoppedAsync(id);
        var (lines, _) = await DownloadAsync(id, 3);

        Assert.Equal("maxBytes reached", capture.GetProperty("stopReason").GetString());
        Assert.True(capture.GetProperty("bytes").GetInt64() <= 20);
        Assert.Equal(16, lines.Where(l => l.GetProperty("kind").GetString() == "message").Sum(l => l.GetProperty("size").GetInt64()));
    }

    [Fact]
    public async Task Capture_JsonPathRedacted_ValueNeverStoredInEitherDirection()
    {
        await Server.PublishApiAsync("cap_redact", "/cap-redact", [fixture.Backend.Url("/echo")]);
        var id = await StartAsync(new { target = new { api = "cap_redact" }, maxMessages = 100, maxBytes = 100_000, durationMs = 60_000, redact = new { jsonPaths = new[] { "$.card.number" } } });

        using (var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/cap-redact")))
        {
            await socket.EchoAsync("""{"card":{"number":"CARD","exp":"12/30"}}""".Replace("CARD", Card, StringComparison.Ordinal));
            await socket.EchoAsync($"card {Card} in plain text");
        }

        var (lines, text) = await DownloadAsync(id, 5);

        Assert.DoesNotContain(Card, text, StringComparison.Ordinal);
        var json = lines.Where(l => l.TryGetProperty("payload", out _) && l.GetProperty("kind").GetString() == "message").ToList();
        Assert.Equal(2, json.Count);
        Assert.All(json, l => Assert.Equal("""{"card":{"number":"[redacted]","exp":"12/30"}}""", l.GetProperty("payload").GetString()));
        Assert.Equal(2, lines.Count(l => l.TryGetProperty("withheld", out var w) && w.GetString()!.StartsWith("not JSON", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Capture_OneConnection_OthersNotRecorded()
    {
        await Server.PublishApiAsync("cap_one", "/cap-one", [fixture.Backend.Url("/echo")]);
        using var watched = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/cap-one"));
        using var other = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/cap-one"));
        await watched.EchoAsync("first");
        await watched.EchoAsync("second");
        await other.EchoAsync("first");
        var connections = await Server.ConnectionsOfAsync("cap_one", 2);
        var target = connections.Single(c => c.GetProperty("messagesIn").GetInt64() == 2).GetProperty("id").GetString();
        var id = await StartAsync(new { target = new { api = "cap_one", connectionId = target }, maxMessages = 100, maxBytes = 100_000, durationMs = 60_000 });
        await other.EchoAsync("not me");
        await watched.EchoAsync("me");

        var (lines, _) = await DownloadAsync(id, 2);

        Assert.All(lines, l => Assert.Equal(target, l.GetProperty("connectionId").GetString()));
        Assert.All(lines, l => Assert.Equal("me", l.GetProperty("payload").GetString()));
    }

    [Fact]
    public async Task Start_UnusableFilter_RefusedWholeWithEachPath()
    {
        var before = await CountAsync();

        using var response = await Server.PostJsonAsync("/api/v1/captures", new
        {
            target = new { api = "no-such-api" },
            maxMessages = 0,
            maxBytes = 100,
            durationMs = 99_999_999,
            sampleRate = 1.5,
            redact = new { jsonPaths = new[] { "card.number" }, headers = new[] { "Bad Header" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["durationMs", "maxMessages", "redact.headers[0]", "redact.jsonPaths[0]", "sampleRate", "target.api"], fields);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Start_StreamModeApi_Refused()
    {
        await Server.PublishApiAsync("cap_stream", "/cap-stream", [fixture.Backend.Url("/echo")], new { relayMode = "stream" });

        using var response = await Server.PostJsonAsync("/api/v1/captures", new { target = new { api = "cap_stream" }, maxMessages = 1, maxBytes = 1, durationMs = 1000 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("frames mode", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopThenDelete_RunningCaptureNotDeletedUntilStopped()
    {
        await Server.PublishApiAsync("cap_stop", "/cap-stop", [fixture.Backend.Url("/echo")]);
        var id = await StartAsync(new { target = new { api = "cap_stop" }, maxMessages = 10, maxBytes = 1000, durationMs = 60_000 });

        using var refused = await Server.Admin.DeleteAsync($"/api/v1/captures/{id}");
        using var stopped = await Server.Admin.PostAsync($"/api/v1/captures/{id}/stop", null);
        var state = JsonDocument.Parse(await stopped.Content.ReadAsStringAsync()).RootElement;
        using var deleted = await Server.Admin.DeleteAsync($"/api/v1/captures/{id}");
        using var gone = await Server.Admin.GetAsync($"/api/v1/captures/{id}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("stopped", state.GetProperty("state").GetString());
        Assert.Equal("stopped by request", state.GetProperty("stopReason").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Capture_NoHeadersListed_CredentialHeadersNeverStored()
    {
        // Basic admits the connection; the API key header is the API's own (not the default), sent alongside.
        await Server.CreateUserAsync("cap-user", "secret-password-1");
        await Server.PublishApiAsync("cap_creds", "/cap-creds", [fixture.Backend.Url("/echo")], new { authentication = new { modes = new[] { "basic", "apiKey" }, apiKeyHeader = "X-Gate-Key" } });
        var id = await StartAsync(new { target = new { api = "cap_creds" }, maxMessages = 100, maxBytes = 100_000, durationMs = 60_000 });

        using (var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/cap-creds"), o =>
        {
            o.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String("cap-user:secret-password-1"u8));
            o.SetRequestHeader("Cookie", "sid=secret-cookie");
            o.SetRequestHeader("Proxy-Authorization", "Basic secret-proxy");
            o.SetRequestHeader("X-Gate-Key", "secret-key");
            o.SetRequestHeader("X-Tenant", "t1");
        }))
        {
            Assert.Equal("hi", await socket.EchoAsync("hi"));
        }

        var (lines, text) = await DownloadAsync(id, 3);

        var headers = lines[0].GetProperty("headers");
        Assert.Equal(
            ["[redacted]", "[redacted]", "[redacted]", "[redacted]", "t1"],
            new[] { "Authorization", "Cookie", "Proxy-Authorization", "X-Gate-Key", "X-Tenant" }.Select(h => headers.GetProperty(h).GetString()));
        Assert.DoesNotContain("secret-", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("cap-user:secret-password-1"u8), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_JsonPathsConfiguredAndNoneFound_MessageStoredAsSent()
    {
        await Server.PublishApiAsync("cap_asis", "/cap-asis", [fixture.Backend.Url("/echo")]);
        var id = await StartAsync(new { target = new { api = "cap_asis" }, maxMessages = 100, maxBytes = 100_000, durationMs = 60_000, redact = new { jsonPaths = new[] { "$.card.number" } } });
        const string sent = "{ \"note\": \"café <b>\" }";

        using (var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/cap-asis")))
        {
            Assert.Equal(sent, await socket.EchoAsync(sent));
        }

        var (lines, _) = await DownloadAsync(id, 3);

        Assert.Equal([sent, sent], lines.Skip(1).Select(l => l.GetProperty("payload").GetString()));
    }

    [Fact]
    public async Task StopAndDelete_CaptureRunningOnAnotherNode_ConflictNamingTheNode()
    {
        var store = Server.Server.Services.GetRequiredService<ICaptureStore>();
        await store.CreateAsync(new StoredCapture("cap_elsewhere", """{"target":{"api":"chat"},"maxMessages":10,"maxBytes":1000,"durationMs":60000}""", StoredCapture.Running, null, DateTimeOffset.UtcNow, null, 0, 0, 0, "admin", "node-elsewhere"));

        using var stop = await Server.Admin.PostAsync("/api/v1/captures/cap_elsewhere/stop", null);
        using var delete = await Server.Admin.DeleteAsync("/api/v1/captures/cap_elsewhere");

        Assert.Equal(HttpStatusCode.Conflict, stop.StatusCode);
        Assert.Contains("node-elsewhere", await stop.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains("node-elsewhere", await delete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(StoredCapture.Running, (await store.FindAsync("cap_elsewhere"))!.State);
        using var view = JsonDocument.Parse(await Server.Admin.GetStringAsync("/api/v1/captures/cap_elsewhere"));
        Assert.Equal("node-elsewhere", view.RootElement.GetProperty("node").GetString());
    }

    private async Task<string> StartAsync(object body)
    {
        using var response = await Server.PostJsonAsync("/api/v1/captures", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<int> CountAsync() =>
        JsonDocument.Parse(await Server.Admin.GetStringAsync("/api/v1/captures")).RootElement.GetArrayLength();

    private async Task<JsonElement> WaitStoppedAsync(string id)
    {
        JsonElement capture = default;
        await Eventually.TrueAsync(async () =>
        {
            capture = JsonDocument.Parse(await Server.Admin.GetStringAsync($"/api/v1/captures/{id}")).RootElement;
            return capture.GetProperty("state").GetString() == "stopped";
        });
        return capture;
    }

    /// <summary>The capture's JSON lines once the writer has stored <paramref name="count"/> of them.</summary>
    private async Task<(List<JsonElement> Lines, string Text)> DownloadAsync(string id, int count)
    {
        var text = "";
        List<JsonElement> lines = [];
        await Eventually.TrueAsync(async () =>
        {
            using var response = await Server.Admin.GetAsync($"/api/v1/captures/{id}/messages");
            Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
            text = await response.Content.ReadAsStringAsync();
            lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            return lines.Count >= count;
        });
        await Task.Yield();
        return (lines, text);
    }
}
