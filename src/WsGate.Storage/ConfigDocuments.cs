using System.Text.Json;
using WsGate.Configuration;
using WsGate.Configuration.Analytics;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Identity;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Throttling;

namespace WsGate.Storage;

/// <summary>
/// How a <see cref="GatewayConfig"/> maps to the rows of <c>config_objects</c>, the same for every store: lists are one
/// row per object (so a stored object that no longer reads names itself), whole sections one row each. Keeping this in
/// one place means a new part of the configuration cannot be persisted by one store and silently dropped by another.
/// </summary>
public static class ConfigDocuments
{
    private const string ListenerKind = "listener";
    private const string CertificateKind = "certificate";
    private const string ApiKind = "api";
    private const string ClientKind = "client";
    private const string RuleKind = "rule";
    private const string BridgeKind = "bridge";

    // Sections are stored whole: an absent row means the section was never changed, so the defaults apply (tiers
    // start as WSO2's four); a stored empty list stays empty.
    private const string IdentityKind = "identity";
    private const string TiersKind = "tiers";
    private const string AnalyticsKind = "analytics";

    /// <summary>The rows of <paramref name="config"/>, serialized with <paramref name="options"/> (which seal its secrets when the store has a data key).</summary>
    public static IEnumerable<ConfigDocument> ToDocuments(GatewayConfig config, JsonSerializerOptions options) =>
        config.Listeners.Select((l, i) => new ConfigDocument(ListenerKind, l.Id, i, JsonSerializer.Serialize(l, options)))
            .Concat(config.Certificates.Select((c, i) => new ConfigDocument(CertificateKind, c.Name, i, JsonSerializer.Serialize(c, options))))
            .Concat(config.Apis.Select((a, i) => new ConfigDocument(ApiKind, a.Id, i, JsonSerializer.Serialize(a, options))))
            .Concat(config.Clients.Select((c, i) => new ConfigDocument(ClientKind, c.Id, i, JsonSerializer.Serialize(c, options))))
            .Concat(config.Rules.Select((r, i) => new ConfigDocument(RuleKind, r.Id, i, JsonSerializer.Serialize(r, options))))
            .Concat(config.Bridges.Select((b, i) => new ConfigDocument(BridgeKind, b.Id, i, JsonSerializer.Serialize(b, options))))
            .Append(new ConfigDocument(IdentityKind, IdentityKind, 0, JsonSerializer.Serialize(config.Identity, options)))
            .Append(new ConfigDocument(TiersKind, TiersKind, 0, JsonSerializer.Serialize(config.Tiers, options)))
            .Append(new ConfigDocument(AnalyticsKind, AnalyticsKind, 0, JsonSerializer.Serialize(config.Analytics, options)));

    /// <summary>Rebuilds the configuration from stored rows (in list order); a row that no longer reads is an error naming it.</summary>
    public static GatewayConfig FromDocuments(IEnumerable<(string Kind, string Id, string Doc)> rows, JsonSerializerOptions options)
    {
        var listeners = new List<ListenerConfig>();
        var certificates = new List<CertificateConfig>();
        var apis = new List<ApiConfig>();
        var clients = new List<OutboundClientConfig>();
        var rules = new List<RuleConfig>();
        var bridges = new List<BridgeConfig>();
        var config = new GatewayConfig();
        foreach (var (kind, id, doc) in rows)
        {
            switch (kind)
            {
                case ListenerKind:
                    listeners.Add(Read<ListenerConfig>(kind, id, doc, options));
                    break;
                case CertificateKind:
                    certificates.Add(Read<CertificateConfig>(kind, id, doc, options));
                    break;
                case ApiKind:
                    apis.Add(Read<ApiConfig>(kind, id, doc, options));
                    break;
                case ClientKind:
                    clients.Add(Read<OutboundClientConfig>(kind, id, doc, options));
                    break;
                case RuleKind:
                    rules.Add(Read<RuleConfig>(kind, id, doc, options));
                    break;
                case BridgeKind:
                    bridges.Add(Read<BridgeConfig>(kind, id, doc, options));
                    break;
                case IdentityKind:
                    config = config with { Identity = Read<IdentityConfig>(kind, id, doc, options) };
                    break;
                case TiersKind:
                    config = config with { Tiers = Read<List<TierConfig>>(kind, id, doc, options) };
                    break;
                case AnalyticsKind:
                    config = config with { Analytics = Read<AnalyticsConfig>(kind, id, doc, options) };
                    break;
            }
        }

        return config with { Listeners = listeners, Certificates = certificates, Apis = apis, Clients = clients, Rules = rules, Bridges = bridges };
    }

    private static T Read<T>(string kind, string id, string doc, JsonSerializerOptions options)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(doc, options) ?? throw new JsonException("the row is empty");
        }
        catch (Exception ex)
        {
            throw new StoreUnavailableException($"the stored {kind} '{id}' cannot be read: {ex.Message}", ex);
        }
    }
}
