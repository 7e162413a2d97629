using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using WsGate.Server.Commands;

namespace WsGate.Server.Cli;

/// <summary>
/// The admin API as the CLI uses it: every failure becomes a <see cref="CliException"/> carrying the server's problem
/// details (title, detail and each field error) or a plain reason why the server could not be reached.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    private readonly HttpClient _http;

    private AdminClient(HttpClient http) => _http = http;

    public static AdminClient From(ParseResult parse)
    {
        var server = parse.GetValue(RemoteOptions.Server)!;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--server '{server}' is not an http(s) URL", ExitCodes.Usage);
        }

        var password = RemoteOptions.PasswordFrom(parse)
            ?? throw new CliException("no admin password: set WSGATE_PASSWORD or pass --password", ExitCodes.Usage);
        var http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(parse.GetValue(RemoteOptions.User) + ":" + password)));
        return new AdminClient(http);
    }

    public Task<JsonElement> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<JsonElement> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body is null ? null : Json(body));

    public Task<JsonElement> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, Json(body));

    public Task<JsonElement> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, Json(body));

    public Task<JsonElement> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public Task<string> GetTextAsync(string path) => SendTextAsync(HttpMethod.Get, path, null);

    /// <summary>A request whose answer is text (YAML), not JSON.</summary>
    public async Task<string> SendTextAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await SendRawAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await SendRawAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request);
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is SocketException socket ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (is WsGate running, and is this its admin address?)",
                SocketError.HostNotFound => "host not found",
                _ => socket.Message,
            } : ex.Message;
            throw new CliException($"cannot reach the admin API at {_http.BaseAddress}: {reason}", ExitCodes.Unreachable);
        }
        catch (TaskCanceledException)
        {
            throw new CliException($"the admin API at {_http.BaseAddress} did not answer in time", ExitCodes.Unreachable);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new CliException(await DescribeProblemAsync(response), ExitCodes.Refused);
        }
    }

    /// <summary>"400 The request has invalid fields: bindings[0]: ..." from an RFC 7807 body, or the status line.</summary>
    private static async Task<string> DescribeProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var line = new StringBuilder($"{(int)response.StatusCode} {response.ReasonPhrase}");
        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            if (problem.TryGetProperty("title", out var title))
            {
                line.Clear().Append((int)response.StatusCode).Append(' ').Append(title.GetString());
            }

            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    foreach (var message in field.Value.EnumerateArray())
                    {
                        line.Append('\n').Append("  ").Append(field.Name).Append(": ").Append(message.GetString());
                    }
                }
            }
            else if (problem.TryGetProperty("detail", out var detail))
            {
                line.Append(": ").Append(detail.GetString());
            }
        }
        catch (JsonException)
        {
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            line.Append("\n  check --user and WSGATE_PASSWORD");
        }

        return line.ToString();
    }

    private static StringContent Json(object body) =>
        body is string text ? new StringContent(text, Encoding.UTF8, "application/json") : new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
