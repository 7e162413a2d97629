using System.Net;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Outbound;

/// <summary>Creating clients and rules through the admin API and reading their state.</summary>
internal static class OutboundTestExtensions
{
    public static async Task CreateAsync(this TestServer server, string resource, object body)
    {
        using var response = await server.PostJsonAsync($"/api/v1/{resource}", body);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"creating {resource} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static async Task<JsonElement> ClientStatusAsync(this TestServer server, string id) =>
        (await server.GetJsonAsync($"/api/v1/clients/{id}")).GetProperty("status");

    public static async Task<JsonElement> WaitForClientAsync(this TestServer server, string id, string state, Func<JsonElement, bool>? also = null)
    {
        JsonElement status = default;
        await Eventually.TrueAsync(
            async () =>
            {
                status = await server.ClientStatusAsync(id);
                return status.GetProperty("state").GetString() == state && (also?.Invoke(status) ?? true);
            },
            TimeSpan.FromSeconds(20),
            $"client {id} {state}");
        return status;
    }

    /// <summary>The validation problem's field names for a refused create.</summary>
    public static async Task<IReadOnlyList<string>> RefusedFieldsAsync(this TestServer server, string resource, object body)
    {
        using var response = await server.PostJsonAsync($"/api/v1/{resource}", body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            throw new InvalidOperationException($"expected 400, got {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
    }
}
