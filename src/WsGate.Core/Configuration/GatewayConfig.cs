using WsGate.Configuration.Analytics;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Identity;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Throttling;

namespace WsGate.Configuration;

/// <summary>
/// The whole persisted configuration of a WsGate server: what an export writes and an import reads.
/// A snapshot is immutable; a change produces a new snapshot that is validated as a whole and swapped atomically.
/// </summary>
public sealed record GatewayConfig
{
    public static GatewayConfig Empty { get; } = new();

    public IReadOnlyList<ListenerConfig> Listeners { get; init; } = [];

    public IReadOnlyList<CertificateConfig> Certificates { get; init; } = [];

    public IReadOnlyList<ApiConfig> Apis { get; init; } = [];

    public IdentityConfig Identity { get; init; } = new();

    /// <summary>Outbound WebSocket clients WsGate keeps open to remote servers.</summary>
    public IReadOnlyList<OutboundClientConfig> Clients { get; init; } = [];

    /// <summary>Triggers and actions.</summary>
    public IReadOnlyList<RuleConfig> Rules { get; init; } = [];

    /// <summary>Outbound clients wired to channels.</summary>
    public IReadOnlyList<BridgeConfig> Bridges { get; init; } = [];

    public OutboundClientConfig? FindClient(string id) => Clients.FirstOrDefault(c => SameId(c.Id, id));

    public GatewayConfig WithClient(OutboundClientConfig client) => this with { Clients = Upsert(Clients, client, c => c.Id) };

    public GatewayConfig WithoutClient(string id) => this with { Clients = Clients.Where(c => !SameId(c.Id, id)).ToList() };

    public RuleConfig? FindRule(string id) => Rules.FirstOrDefault(r => SameId(r.Id, id));

    public GatewayConfig WithRule(RuleConfig rule) => this with { Rules = Upsert(Rules, rule, r => r.Id) };

    public GatewayConfig WithoutRule(string id) => this with { Rules = Rules.Where(r => !SameId(r.Id, id)).ToList() };

    public BridgeConfig? FindBridge(string id) => Bridges.FirstOrDefault(b => SameId(b.Id, id));

    public GatewayConfig WithBridge(BridgeConfig bridge) => this with { Bridges = Upsert(Bridges, bridge, b => b.Id) };

    public GatewayConfig WithoutBridge(string id) => this with { Bridges = Bridges.Where(b => !SameId(b.Id, id)).ToList() };

    private static bool SameId(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The list with <paramref name="item"/> in place of the one with its id, or added at the end.</summary>
    private static List<T> Upsert<T>(IReadOnlyList<T> list, T item, Func<T, string> id)
    {
        var copy = list.ToList();
        var index = copy.FindIndex(x => SameId(id(x), id(item)));
        if (index < 0)
        {
            copy.Add(item);
        }
        else
        {
            copy[index] = item;
        }

        return copy;
    }

    /// <summary>Subscription tiers; a document without a <c>tiers</c> section gets WSO2's four defaults.</summary>
    public IReadOnlyList<TierConfig> Tiers { get; init; } = TierConfig.Defaults;

    public TierConfig? FindTier(string name) =>
        Tiers.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public GatewayConfig WithTier(TierConfig tier)
    {
        var index = Tiers.ToList().FindIndex(t => string.Equals(t.Name, tier.Name, StringComparison.OrdinalIgnoreCase));
        var list = Tiers.Where(t => !string.Equals(t.Name, tier.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        list.Insert(index < 0 ? list.Count : index, tier);
        return this with { Tiers = list };
    }

    public GatewayConfig WithoutTier(string name) =>
        this with { Tiers = Tiers.Where(t => !string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)).ToList() };
    public AnalyticsConfig Analytics { get; init; } = new();

    public ApiConfig? FindApi(string id) =>
        Apis.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.OrdinalIgnoreCase));

    public GatewayConfig WithApi(ApiConfig api)
    {
        var index = Apis.ToList().FindIndex(a => string.Equals(a.Id, api.Id, StringComparison.OrdinalIgnoreCase));
        var list = Apis.Where(a => !string.Equals(a.Id, api.Id, StringComparison.OrdinalIgnoreCase)).ToList();
        list.Insert(index < 0 ? list.Count : index, api);
        return this with { Apis = list };
    }

    public GatewayConfig WithoutApi(string id) =>
        this with { Apis = Apis.Where(a => !string.Equals(a.Id, id, StringComparison.OrdinalIgnoreCase)).ToList() };

    public ListenerConfig? FindListener(string id) =>
        Listeners.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.OrdinalIgnoreCase));

    public CertificateConfig? FindCertificate(string name) =>
        Certificates.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The certificate marked as the server-wide default, if any.</summary>
    public CertificateConfig? DefaultCertificate => Certificates.FirstOrDefault(c => c.Default);

    /// <summary>The certificate a listener serves: the one it names, else for wss the default; null when there is none.</summary>
    public CertificateConfig? CertificateFor(ListenerConfig listener) =>
        listener.Certificate is { Length: > 0 } name ? FindCertificate(name)
        : listener.Protocol == ListenerProtocol.Wss ? DefaultCertificate
        : null;

    public GatewayConfig WithListener(ListenerConfig listener)
    {
        var list = Listeners.Where(l => !string.Equals(l.Id, listener.Id, StringComparison.OrdinalIgnoreCase)).ToList();
        var index = Listeners.ToList().FindIndex(l => string.Equals(l.Id, listener.Id, StringComparison.OrdinalIgnoreCase));
        list.Insert(index < 0 ? list.Count : index, listener);
        return this with { Listeners = list };
    }

    public GatewayConfig WithoutListener(string id) =>
        this with { Listeners = Listeners.Where(l => !string.Equals(l.Id, id, StringComparison.OrdinalIgnoreCase)).ToList() };

    public GatewayConfig WithCertificate(CertificateConfig certificate)
    {
        var list = Certificates.Where(c => !string.Equals(c.Name, certificate.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        list.Add(certificate);
        return this with { Certificates = list };
    }

    public GatewayConfig WithoutCertificate(string name) =>
        this with { Certificates = Certificates.Where(c => !string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList() };
}
