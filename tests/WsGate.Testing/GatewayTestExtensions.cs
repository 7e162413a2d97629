using System.Net;

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
}
