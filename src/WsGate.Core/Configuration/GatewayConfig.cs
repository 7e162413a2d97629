using WsGate.Configuration.Analytics;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Identity;

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
