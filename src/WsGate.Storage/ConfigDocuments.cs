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

    public static IEnumerable<ConfigDocument> ToDocuments(GatewayConfig config) =>
        config.Listeners.Select((l, i) => new ConfigDocument(ListenerKind, l.Id, i, ConfigSerializer.ToJson(l)))
            .Concat(config.Certificates.Select((c, i) => new ConfigDocument(CertificateKind, c.Name, i, ConfigSerializer.ToJson(c))))
            .Concat(config.Apis.Select((a, i) => new ConfigDocument(ApiKind, a.Id, i, ConfigSerializer.ToJson(a))))
            .Concat(config.Clients.Select((c, i) => new ConfigDocument(ClientKind, c.Id, i, ConfigSerializer.ToJson(c))))
            .Concat(config.Rules.Select((r, i) => new ConfigDocument(RuleKind, r.Id, i, ConfigSerializer.ToJson(r))))
            .Concat(config.Bridges.Select((b, i) => new ConfigDocument(BridgeKind, b.Id, i, ConfigSerializer.ToJson(b))))
            .Append(new ConfigDocument(IdentityKind, IdentityKind, 0, ConfigSerializer.ToJson(config.Identity)))
            .Append(new ConfigDocument(TiersKind, TiersKind, 0, ConfigSerializer.ToJson(config.Tiers)))
            .Append(new ConfigDocument(AnalyticsKind, AnalyticsKind, 0, ConfigSerializer.ToJson(config.Analytics)));

    /// <summary>Rebuilds the configuration from stored rows (in list order); a row that no longer reads is an error naming it.</summary>
    public static GatewayConfig FromDocuments(IEnumerable<(string Kind, string Id, string Doc)> rows)
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
                    listeners.Add(Read<ListenerConfig>(kind, id, doc));
                    break;
                case CertificateKind:
                    certificates.Add(Read<CertificateConfig>(kind, id, doc));
                    break;
                case ApiKind:
                    apis.Add(Read<ApiConfig>(kind, id, doc));
                    break;
                case ClientKind:
                    clients.Add(Read<OutboundClientConfig>(kind, id, doc));
                    break;
                case RuleKind:
                    rules.Add(Read<RuleConfig>(kind, id, doc));
                    break;
                case BridgeKind:
                    bridges.Add(Read<BridgeConfig>(kind, id, doc));
                    break;
                case IdentityKind:
                    config = config with { Identity = Read<IdentityConfig>(kind, id, doc) };
                    break;
                case TiersKind:
                    config = config with { Tiers = Read<List<TierConfig>>(kind, id, doc) };
                    break;
                case AnalyticsKind:
                    config = config with { Analytics = Read<AnalyticsConfig>(kind, id, doc) };
                    break;
            }
        }

        return config with { Listeners = listeners, Certificates = certificates, Apis = apis, Clients = clients, Rules = rules, Bridges = bridges };
    }

    private static T Read<T>(string kind, string id, string doc)
        where T : class
    {
        try
        {
            return ConfigSerializer.FromJson<T>(doc);
        }
        catch (Exception ex)
        {
            throw new StoreUnavailableException($"the stored {kind} '{id}' cannot be read: {ex.Message}", ex);
        }
    }
}
