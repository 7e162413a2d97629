using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>Listener requests and answers of the admin API, and raw socket helpers, shared by the listener and HTTP tests.</summary>
internal static class ListenerApi
{
    /// <summary>A ws listener with one echo endpoint at <c>/echo</c>, as the admin API takes it.</summary>
    public static JsonObject EchoListener(string id, string binding = "127.0.0.1:0") => new()
    {
        ["id"] = id,
        ["bindings"] = new JsonArray(binding),
        ["endpoints"] = new JsonArray(new JsonObject { ["path"] = "/echo", ["kind"] = "echo" }),
    };

    /// <summary>POSTs a listener and returns its view, failing the test unless it was created.</summary>
    public static async Task<JsonElement> CreateAsync(TestServer server, JsonObject listener)
    {
        using var response = await server.PostJsonAsync("/api/v1/listeners", listener);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>PUTs a listener and returns its view, failing the test unless it was accepted.</summary>
    public static async Task<JsonElement> UpdateAsync(TestServer server, JsonObject listener)
    {
        using var response = await server.PutJsonAsync("/api/v1/listeners/" + (string)listener["id"]!, listener);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>POSTs an action such as <c>/api/v1/listeners/x/disable</c> and returns the answer, failing unless it is 200.</summary>
    public static async Task<JsonElement> PostActionAsync(TestServer server, string path)
    {
        using var response = await server.Admin.PostAsync(path, content: null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<JsonElement> GetAsync(TestServer server, string id) => server.GetJsonAsync("/api/v1/listeners/" + id);

    public static string State(JsonElement view) => view.GetProperty("state").GetString()!;

    public static long Counter(JsonElement view, string name) => view.GetProperty("counters").GetProperty(name).GetInt64();

    /// <summary>The ids of every configured listener, in order.</summary>
    public static async Task<string[]> IdsAsync(TestServer server)
    {
        var list = await server.GetJsonAsync("/api/v1/listeners");
        return list.EnumerateArray().Select(l => l.GetProperty("config").GetProperty("id").GetString()!).ToArray();
    }

    /// <summary>Reads a 400 validation problem and returns its <c>errors</c> object, failing unless the answer is one.</summary>
    public static async Task<JsonElement> ReadValidationProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("errors").Clone();
    }

    /// <summary>The messages under <paramref name="field"/> in a problem's errors, failing when the field is not named.</summary>
    public static string[] Messages(JsonElement errors, string field)
    {
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors do not name '{field}': {errors}");
        return messages.EnumerateArray().Select(m => m.GetString()!).ToArray();
    }

    /// <summary>A port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Connects, sends one text message and checks it comes back.</summary>
    public static async Task AssertEchoesAsync(WebSocket socket, string text)
    {
        await socket.SendTextAsync(text);
        Assert.Equal(text, await socket.ReceiveTextAsync());
    }

    public static async Task AssertEchoesAsync(Uri uri, string text = "ping")
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(uri);
        await AssertEchoesAsync(socket, text);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms until it holds, failing after the default timeout.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + WebSocketTestExtensions.DefaultTimeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> as raw bytes (so no client library normalises the path) and returns everything the
    /// server sent until it closed the connection; a reset counts as the end.
    /// </summary>
    public static async Task<byte[]> SendRawAsync(IPEndPoint endpoint, string request)
    {
        using var client = new TcpClient(endpoint.AddressFamily);
        using var timeout = new CancellationTokenSource(WebSocketTestExtensions.DefaultTimeout);
        using var received = new MemoryStream();
        try
        {
            // On loopback the server's reset can arrive before the connect completes, so it may surface here already.
            await client.ConnectAsync(endpoint, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
            var buffer = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception ex) when (ex is SocketException { SocketErrorCode: SocketError.ConnectionReset }
            || ex is IOException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionReset } })
        {
            // Reset by the server: what arrived before it is the answer.
        }

        return received.ToArray();
    }

    /// <summary>A raw GET that closes after the response; returns the status code, headers and body as text.</summary>
    public static async Task<RawResponse> RawGetAsync(IPEndPoint endpoint, string path)
    {
        var bytes = await SendRawAsync(endpoint, $"GET {path} HTTP/1.1\r\nHost: {endpoint}\r\nConnection: close\r\n\r\n");
        var text = Encoding.UTF8.GetString(bytes);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, "no HTTP response: " + text);
        var head = text[..split].Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return new RawResponse(status, head[1..], text[(split + 4)..]);
    }

    /// <summary>The IP endpoint a listener is bound to, from its first bound address.</summary>
    public static IPEndPoint EndPoint(TestServer server, string id)
    {
        var uri = server.ListenerUri(id);
        return new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
    }

    public static string UpgradeRequest(string host, string path) =>
        $"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
}

internal sealed record RawResponse(int Status, string[] Headers, string Body);
