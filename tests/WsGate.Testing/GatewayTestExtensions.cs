using System.Net;
using System.Text.Json;

namespace WsGate.Testing;

/// <summary>Publishing APIs through the admin API, for gateway tests (functional and conformance).</summary>
public static class GatewayTestExtensions
{
    /// <summary>Publishes an API on the default listener with the given backend URLs; extra fields override the defaults.</summary>
    public static async Task PublishApiAsync(this TestServer server, string id, string context, IEnumerable<Uri> production, object? extra = null, IEnumerable<Uri>? sandbox = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["name"] = id,
            ["context"] = context,
            ["version"] = "v1",
            ["isDefaultVersion"] = true,
            ["listeners"] = new[] { "default" },
            ["lifecycle"] = "published",
            ["endpoints"] = new
            {
                production = new { urls = production.Select(u => u.ToString()).ToArray() },
                sandbox = new { urls = (sandbox ?? []).Select(u => u.ToString()).ToArray() },
            },
        };
        if (extra is not null)
        {
            foreach (var property in extra.GetType().GetProperties())
            {
                body[property.Name] = property.GetValue(extra);
            }
        }

        using var response = await server.PostJsonAsync("/api/v1/apis", body);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"publishing API {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Sends a WebSocket opening handshake with HttpClient so a refusal can be read whole, and checks what every refusal
    /// must look like: a problem+json body and no upgrade.
    /// </summary>
    public static async Task<Refusal> RefusedHandshakeAsync(this TestServer server, string path, Action<HttpRequestMessage>? configure = null, HttpMethod? method = null)
    {
        using var client = new HttpClient { Timeout = WebSocketTestExtensions.DefaultTimeout };
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, new UriBuilder(server.ListenerUri("default", path)) { Scheme = "http" }.Uri);
        request.Headers.Add("Connection", "Upgrade");
        request.Headers.Add("Upgrade", "websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        configure?.Invoke(request);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.SwitchingProtocols || response.Headers.Upgrade.Count > 0)
        {
            throw new InvalidOperationException($"{path} was upgraded, not refused");
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode} with {response.Content.Headers.ContentType}, not a problem body: {text}");
        }

        return new Refusal(response.StatusCode, response.Headers, response.Content.Headers, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The live connections of one API, once exactly <paramref name="count"/> are listed (closed ones leave the list shortly after).</summary>
    public static async Task<IReadOnlyList<JsonElement>> ConnectionsOfAsync(this TestServer server, string apiId, int count)
    {
        List<JsonElement> connections = [];
        await Eventually.TrueAsync(
            async () =>
            {
                connections = (await server.GetJsonAsync("/api/v1/connections")).EnumerateArray().Where(c => c.TryGetProperty("api", out var api) && api.GetString() == apiId).ToList();
                return connections.Count == count;
            },
            because: $"{count} connection(s) to API '{apiId}'");
        return connections;
    }

    /// <summary>Sends one text message and returns the echo.</summary>
    public static async Task<string> EchoAsync(this System.Net.WebSockets.WebSocket socket, string text)
    {
        await socket.SendTextAsync(text);
        return await socket.ReceiveTextAsync();
    }
}
