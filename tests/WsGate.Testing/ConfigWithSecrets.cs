using System.Net.Http.Json;
using WsGate.Configuration;
using WsGate.Configuration.Secrets;

namespace WsGate.Testing;

/// <summary>
/// What a server stores, secrets included, read the only way the admin API gives them out: the admin export sealed with
/// a passphrase, opened here. Every other read masks them.
/// </summary>
public static class ConfigWithSecrets
{
    private const string Passphrase = "a passphrase for the tests";

    public static async Task<GatewayConfig> ConfigWithSecretsAsync(this TestServer server)
    {
        using var export = await server.Admin.PostAsJsonAsync("/api/v1/config/export", new { passphrase = Passphrase });
        export.EnsureSuccessStatusCode();
        var document = ConfigSerializer.YamlToJson(await export.Content.ReadAsStringAsync());
        SecretExport.Open(document, Passphrase);
        return ConfigSerializer.FromJson<GatewayConfig>(document);
    }
}
