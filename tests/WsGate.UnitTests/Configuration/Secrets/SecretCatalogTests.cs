using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using WsGate.Configuration;
using WsGate.Configuration.Secrets;

namespace WsGate.UnitTests.Configuration.Secrets;

/// <summary>
/// Every secret-bearing field of the configuration, and the guard that keeps the list complete: a property whose name
/// looks like a secret must be marked [Secret] or be listed here with the reason it is not one.
/// </summary>
public sealed partial class SecretCatalogTests
{
    // Properties whose names look like secrets but are not, each with the reason.
    private static readonly Dictionary<string, string> NotSecret = new()
    {
        ["AuthenticationConfig.ApiKeyHeader"] = "the name of the header that carries an API key, not a key",
        ["AuthenticationConfig.ApiKeyQuery"] = "the name of the query parameter, not a key",
        ["HandshakePolicyConfig.RequiredHeaders"] = "header names",
        ["ForwardAuthConfig.Url"] = "the session endpoint's address; the validator refuses credentials in it",
        ["ForwardAuthConfig.Headers"] = "header names",
        ["ForwardAuthConfig.UserHeader"] = "a header name",
        ["ForwardAuthConfig.GroupsHeader"] = "a header name",
        ["HandshakePolicyConfig.ForwardHeaders"] = "header names",
        ["ProxiesConfig.ForwardedHeaders"] = "a switch",
        ["CertificateConfig.KeyFile"] = "the path of a PEM file; the file's own permissions protect it",
        ["ListenerConfig.KeyAlias"] = "the name of a key in a keystore, not the key",
        ["JwtIssuerConfig.PublicKeyFile"] = "a public key",
        ["JwtIssuerConfig.JwksUrl"] = "a public key set's address",
        ["EndpointConfig.Path"] = "a listener path",
        ["ApiConfig.Context"] = "a route",
        ["HttpFallbackConfig.Folder"] = "a folder served to anyone",
        ["ListenerConfig.PublicUrl"] = "the address shown to every client; user info is refused by the validator",
        ["BackendGroupConfig.Urls"] = "backend addresses; credentials for backends go in headers or TLS client certificates",
        ["RouteTarget.Urls"] = "a route's backend addresses, as BackendGroupConfig.Urls",
        ["ApiConfig.EnvironmentHeader"] = "the name of the header that picks the environment",
        ["IdentityConfig.AccessTokenLifetimeSeconds"] = "a lifetime",
        ["IdentityConfig.RefreshTokenLifetimeSeconds"] = "a lifetime",
        ["TriggerConfig.Endpoint"] = "a listener endpoint's path",
        ["TriggerConfig.Path"] = "a message path expression",
    };

    [Fact]
    public void Sites_TheConfiguration_EverySecretFieldListed()
    {
        var sites = SecretCatalog.Sites.Select(s => $"{s} ({s.Kind})").Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "analytics.otlp.endpoint (Url)",
                "analytics.otlp.headers (DictionaryValues)",
                "certificates[].password (Value)",
                "clients[].basic.password (Value)",
                "clients[].headers (DictionaryValues)",
                "clients[].path (Url)",
                "clients[].url (Url)",
                "identity.jwtIssuers[].hmacSecret (Value)",
                "rules[].actions[].headers (DictionaryValues)",
                "rules[].actions[].url (Url)",
            ],
            sites);
    }

    [Fact]
    public void RecordTypes_PropertyNamedLikeASecret_MarkedOrExplained()
    {
        var unexplained = new List<string>();
        foreach (var type in SecretCatalog.RecordTypes(typeof(GatewayConfig)))
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var name = $"{type.Name}.{property.Name}";
                if (LooksSecret().IsMatch(property.Name) && property.GetCustomAttribute<SecretAttribute>() is null && !NotSecret.ContainsKey(name))
                {
                    unexplained.Add(name);
                }
            }
        }

        Assert.True(unexplained.Count == 0, "mark these [Secret] or list them in NotSecret with the reason: " + string.Join(", ", unexplained));
    }

    [Fact]
    public void NotSecret_EveryEntry_IsARealProperty()
    {
        var properties = SecretCatalog.RecordTypes(typeof(GatewayConfig))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => $"{t.Name}.{p.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        var stale = NotSecret.Keys.Where(k => !properties.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "no such properties: " + string.Join(", ", stale));
    }

    [Fact]
    public void Masking_EverySecret_NoneInTheJsonOrTheExport()
    {
        var config = SecretSamples.Config();

        var json = JsonSerializer.Serialize(config, SecretJson.Masking);
        var yaml = ConfigSerializer.ToYaml(config, null, SecretJson.Masking);

        Assert.DoesNotContain("SECRET-", json, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-", yaml, StringComparison.Ordinal);
        Assert.Contains("\"Authorization\":\"********\"", json, StringComparison.Ordinal);
        Assert.Contains("wss://bot:********@feed.example/auth/bot/********/stream", json, StringComparison.Ordinal);
        Assert.Contains("/auth/bot/********/stream?x=1", json, StringComparison.Ordinal);
        Assert.Contains("SECRET-", ConfigSerializer.ToYaml(config), StringComparison.Ordinal);
    }

    [GeneratedRegex("password|secret|token|credential|key|header|url$|endpoint$|path$|urls$", RegexOptions.IgnoreCase)]
    private static partial Regex LooksSecret();
}
