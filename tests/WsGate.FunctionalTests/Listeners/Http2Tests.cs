using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>
/// WebSockets over HTTP/2 (RFC 8441) on a wss listener with <c>http2</c> on: .NET's <see cref="ClientWebSocket"/> asked
/// for HTTP/2 exactly, so a handshake that fell back to HTTP/1.1 fails the test. The backend leg stays HTTP/1.1.
/// </summary>
public sealed class Http2Tests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsgate-h2-").FullName;
    private TestCertificates _certificates = null!;
    private TestBackend _backend = null!;
    private TestServer _server = null!;
    private HttpMessageInvoker? _invoker;

    public async Task InitializeAsync()
    {
        _certificates = TestCertificates.Create(_folder);
        _backend = await TestBackend.StartAsync("backend");
        _server = await TestServer.StartAsync();
        using (var pem = await _server.PutJsonAsync("/api/v1/certificates/pem", new { certificateFile = _certificates.CertificatePemFile, keyFile = _certificates.KeyPemFile }))
        {
            Assert.True(pem.StatusCode == HttpStatusCode.Created, await pem.Content.ReadAsStringAsync());
        }

        var listener = EchoListener("h2");
        listener["protocol"] = "wss";
        listener["certificate"] = "pem";
        listener["http2"] = true;
        await CreateAsync(_server, listener);
        await _server.PublishApiAsync("h2_frames", "/frames", [_backend.Url("/echo")], new { listeners = new[] { "h2" } });
        await _server.PublishApiAsync("h2_stream", "/stream", [_backend.Url("/echo")], new { listeners = new[] { "h2" }, relayMode = "stream" });
    }

    public async Task DisposeAsync()
    {
        _invoker?.Dispose();
        await _server.DisposeAsync();
        await _backend.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Connect_Http2ClientToEcho_EchoesAndIsListedAsHttp2()
    {
        using var socket = await ConnectHttp2Async(_server.ListenerUri("h2", "/echo"));

        await AssertEchoesAsync(socket, "over one HTTP/2 stream");
        var listed = await ListedAsync();
        Assert.Equal("2", listed.GetProperty("httpVersion").GetString());
        Assert.Equal("/echo", listed.GetProperty("endpoint").GetString());
    }

    [Fact]
    public async Task Connect_Http2ClientToFramesApi_RelaysToTheHttp11Backend()
    {
        using var socket = await ConnectHttp2Async(_server.ListenerUri("h2", "/frames/v1"));

        await AssertEchoesAsync(socket, "relayed from HTTP/2 to HTTP/1.1");
        var large = new string('x', 300_000);
        await socket.SendTextAsync(large);
        Assert.Equal(large, (await socket.ReceiveMessageAsync()).Text);
        var listed = await ListedAsync();
        Assert.Equal("2", listed.GetProperty("httpVersion").GetString());
        Assert.Equal("h2_frames", listed.GetProperty("api").GetString());
    }

    [Fact]
    public async Task Echo_MoreThanKestrelsBodyLimitOverOneStream_AllEchoed()
    {
        using var socket = await ConnectHttp2Async(_server.ListenerUri("h2", "/echo"));
        var chunk = new byte[512 * 1024];
        Random.Shared.NextBytes(chunk);

        // 64 x 512 KiB = 32 MiB each way, over Kestrel's default 30 MB request body limit.
        for (var i = 0; i < 64; i++)
        {
            await socket.SendBinaryAsync(chunk);
            var echoed = await socket.ReceiveMessageAsync();
            Assert.Equal(chunk.Length, echoed.Data.Length);
        }

        await AssertEchoesAsync(socket, "still open after 32 MiB");
    }

    [Fact]
    public async Task Connect_Http2ClientToStreamApi_Refused505NamingStreamMode()
    {
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.CollectHttpResponseDetails = true;
        using var invoker = Invoker();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(_server.ListenerUri("h2", "/stream/v1"), invoker, timeout.Token));

        Assert.Equal(HttpStatusCode.HttpVersionNotSupported, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Connect_Http11ClientOnTheSameListener_StillServedAndListedAsHttp11()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("h2", "/stream/v1"), o =>
            o.RemoteCertificateValidationCallback = (_, certificate, _, _) => _certificates.ValidateWithCa(certificate));

        await AssertEchoesAsync(socket, "plain HTTP/1.1 still works");
        Assert.Equal("1.1", (await ListedAsync()).GetProperty("httpVersion").GetString());
    }

    [Fact]
    public async Task Close_Http2ClientClosesNormally_ServerAnswersAndTheStreamIsReleased()
    {
        using var socket = await ConnectHttp2Async(_server.ListenerUri("h2", "/echo"));
        await AssertEchoesAsync(socket, "before the close");
        await ListedAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        await Eventually.TrueAsync(
            async () => (await _server.GetJsonAsync("/api/v1/connections")).GetArrayLength() == 0,
            TimeSpan.FromSeconds(10),
            "the closed connection leaves the list");

        // The HTTP/2 connection is shared: a new stream on it works after the first one ended.
        using var again = await ConnectHttp2Async(_server.ListenerUri("h2", "/echo"));
        await AssertEchoesAsync(again, "a second stream");
    }

    [Fact]
    public async Task Connect_Http2ClientOnListenerWithoutHttp2_RefusedByAlpn()
    {
        var listener = EchoListener("h1_only");
        listener["protocol"] = "wss";
        listener["certificate"] = "pem";
        await CreateAsync(_server, listener);
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var invoker = Invoker();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(_server.ListenerUri("h1_only", "/echo"), invoker, timeout.Token));
    }

    [Theory]
    [InlineData("ws", null, "only a wss listener can offer it")]
    [InlineData("wss", "1.1", "allowedHttpVersions leaves out 2")]
    public async Task Post_Http2WhereItCannotWork_400NamingHttp2(string protocol, string? version, string expected)
    {
        var listener = EchoListener("h2_bad");
        listener["protocol"] = protocol;
        listener["http2"] = true;
        if (protocol == "wss")
        {
            listener["certificate"] = "pem";
        }

        if (version is not null)
        {
            listener["allowedHttpVersions"] = new JsonArray(version);
        }

        using var response = await _server.PostJsonAsync("/api/v1/listeners", listener);

        Assert.Contains(Messages(await ReadValidationProblemAsync(response), "http2"), m => m.Contains(expected, StringComparison.Ordinal));
    }

    private async Task<ClientWebSocket> ConnectHttp2Async(Uri uri)
    {
        var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(uri, _invoker ??= Invoker(), timeout.Token);
        return socket;
    }

    /// <summary>One handler for the class, so that streams share its HTTP/2 connection as a browser's tabs would.</summary>
    private HttpMessageInvoker Invoker()
    {
#pragma warning disable CA2000 // The invoker owns the handler (disposeHandler: true) and is disposed by its caller.
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => _certificates.ValidateWithCa(certificate) },
        };
#pragma warning restore CA2000
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>The one connection the server lists, once the handshake has been registered.</summary>
    private async Task<JsonElement> ListedAsync()
    {
        JsonElement listed = default;
        await Eventually.TrueAsync(
            async () =>
            {
                var all = await _server.GetJsonAsync("/api/v1/connections");
                if (all.GetArrayLength() != 1)
                {
                    return false;
                }

                listed = all[0];
                return true;
            },
            TimeSpan.FromSeconds(10),
            "the connection is listed");
        return listed;
    }
}
