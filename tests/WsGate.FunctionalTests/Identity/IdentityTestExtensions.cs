using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>Admin calls the identity tests repeat: users, applications, keys, tokens, listener and identity settings.</summary>
internal static class IdentityTestExtensions
{
    public static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    /// <summary>An admin API client logged in as <paramref name="user"/>.</summary>
    public static HttpClient ClientFor(this TestServer server, string user, string password)
    {
        var client = new HttpClient { BaseAddress = server.AdminAddress };
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(Basic(user, password));
        return client;
    }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body, TestServer.JsonOptions), Encoding.UTF8, "application/json");

    /// <summary>Imports a YAML document (typically an <c>identity:</c> section) in merge mode.</summary>
    public static async Task ImportAsync(this TestServer server, string yaml)
    {
        using var requestBody = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await server.Admin.PostAsync("/api/v1/config/import", requestBody);
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Lockout settings for a test: no delay, so failures count at once; the window and lock as given.</summary>
    public static Task ImportLockoutAsync(this TestServer server, int maxFailures = 3, int lockoutSeconds = 30) =>
        server.ImportAsync($"""
            identity:
              lockout:
                maxFailures: {maxFailures}
                windowSeconds: 60
                lockoutSeconds: {lockoutSeconds}
                failureDelayMs: 0
            """);

    /// <summary>Replaces the listener's <c>authentication</c> settings through GET then PUT of its whole config.</summary>
    public static async Task SetListenerAuthenticationAsync(this TestServer server, object authentication, string listenerId = "default")
    {
        var view = JsonNode.Parse((await server.GetJsonAsync($"/api/v1/listeners/{listenerId}")).GetRawText())!;
        var config = view["config"]!.AsObject();
        config["authentication"] = JsonSerializer.SerializeToNode(authentication, TestServer.JsonOptions);
        using var requestBody = new StringContent(config.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await server.Admin.PutAsync($"/api/v1/listeners/{listenerId}", requestBody);
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    public static async Task CreateUserAsync(this TestServer server, string username, string password, string[]? roles = null, string[]? groups = null, bool enabled = true)
    {
        using var response = await server.PostJsonAsync("/api/v1/users", new { username, password, roles = roles ?? [], groups = groups ?? [], enabled });
        await ExpectAsync(response, HttpStatusCode.Created);
    }

    /// <summary>An application owned by <paramref name="owner"/> (created by the admin), returning its id.</summary>
    public static async Task<string> CreateApplicationAsync(this TestServer server, string owner, string name)
    {
        using var response = await server.PostJsonAsync("/api/v1/applications", new { name, owner });
        return (await ExpectAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    /// <summary>Generates (or regenerates) keys; the answer carries apiKey, consumerKey and consumerSecret.</summary>
    public static async Task<JsonElement> GenerateKeysAsync(this TestServer server, string applicationId, string environment = "production")
    {
        using var response = await server.PostJsonAsync($"/api/v1/applications/{applicationId}/keys/{environment}", new { });
        return await ExpectAsync(response, HttpStatusCode.Created);
    }

    public static async Task SubscribeAsync(this TestServer server, string applicationId, string apiId)
    {
        using var response = await server.PostJsonAsync($"/api/v1/applications/{applicationId}/subscriptions", new { apiId, tier = "Gold" });
        await ExpectAsync(response, HttpStatusCode.Created);
    }

    public static async Task<string> RequestTokenAsync(this TestServer server, JsonElement keys)
    {
        using var client = server.ClientFor(keys.GetProperty("consumerKey").GetString()!, keys.GetProperty("consumerSecret").GetString()!);
        using var requestBody = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        using var response = await client.PostAsync("/oauth2/token", requestBody);
        return (await ExpectAsync(response, HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
    }

    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        }

        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
