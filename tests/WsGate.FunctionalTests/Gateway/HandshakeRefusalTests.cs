using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>
/// Every upgrade attempt, to an API or to a built-in endpoint, is checked as an RFC 6455 opening handshake before
/// anything else happens: a malformed one is answered 4xx with a problem body and no backend is ever dialled.
/// </summary>
public sealed class HandshakeRefusalTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private RawWebSocketServer _backend = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _backend = RawWebSocketServer.Start();
        await _server.PublishApiAsync("checked", "/checked", [_backend.Url("/ws")]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Theory]
    [InlineData("/checked/v1")]
    [InlineData("/echo")]
    public async Task Handshake_UpgradeWithoutConnectionUpgrade_400NamingTheHeaderAndNoBackendDialled(string path)
    {
        var (status, headers, body) = await SendAsync(path, "GET", "HTTP/1.1", ("Connection", "keep-alive"));

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", headers["Content-Type"]);
        Assert.Contains("Connection header must include Upgrade", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_backend.Handshakes);
    }

    [Theory]
    [InlineData("/checked/v1")]
    [InlineData("/echo")]
    public async Task Handshake_Http10_400AndNoBackendDialled(string path)
    {
        var (status, _, body) = await SendAsync(path, "GET", "HTTP/1.0", ("Connection", "Upgrade"));

        Assert.Equal(400, status);
        Assert.Contains("HTTP/1.1", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_backend.Handshakes);
    }

    [Theory]
    [InlineData("/checked/v1")]
    [InlineData("/echo")]
    [InlineData("/channel")]
    public async Task Handshake_Version12_426WithTheSupportedVersion(string path)
    {
        var (status, headers, _) = await SendAsync(path, "GET", "HTTP/1.1", ("Connection", "Upgrade"), ("Sec-WebSocket-Version", "12"));

        Assert.Equal(426, status);
        Assert.Equal("13", headers["Sec-WebSocket-Version"]);
        Assert.Empty(_backend.Handshakes);
    }

    [Fact]
    public async Task Handshake_UnknownPath_404BeforeTheHandshakeIsJudged()
    {
        var (status, _, body) = await SendAsync("/nowhere", "GET", "HTTP/1.1", ("Connection", "keep-alive"));

        Assert.Equal(404, status);
        Assert.Contains("/nowhere", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_PlainGetWithoutUpgrade_HttpFallbackAnswers()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(_server.ListenerUri("default", "/echo").ToString().Replace("ws://", "http://", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>An upgrade request written by hand: <c>Upgrade: websocket</c>, a valid key and version 13 unless overridden.</summary>
    private async Task<(int Status, Dictionary<string, string> Headers, JsonElement Body)> SendAsync(string path, string method, string version, params (string Name, string Value)[] overrides)
    {
        var uri = _server.ListenerUri("default", path);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = uri.Authority,
            ["Upgrade"] = "websocket",
            ["Sec-WebSocket-Version"] = "13",
            ["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ==",
        };
        foreach (var (name, value) in overrides)
        {
            headers[name] = value;
        }

        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await tcp.ConnectAsync(uri.Host, uri.Port, timeout.Token);
        var stream = tcp.GetStream();
        var request = new StringBuilder($"{method} {uri.PathAndQuery} {version}\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()), timeout.Token);
        var received = new List<byte>();
        var buffer = new byte[4096];
        int end;
        while ((end = Encoding.Latin1.GetString([.. received]).IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, "the server closed the connection before answering");
            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        var head = Encoding.Latin1.GetString([.. received], 0, end).Split("\r\n");
        var answer = head.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = int.Parse(answer["Content-Length"], System.Globalization.CultureInfo.InvariantCulture);
        var body = received.Skip(end + 4).ToList();
        while (body.Count < length)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, "the server closed the connection inside the body");
            body.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        return (int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), answer, JsonDocument.Parse(body.ToArray()).RootElement.Clone());
    }
}
