using WsGate.Admin.Api;
using WsGate.Admin.Console.Analytics;
using WsGate.Analytics;
using WsGate.Configuration.Apis;
using WsGate.Connections;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Management;
using WsGate.Outbound;
using WsGate.Routing;
using WsGate.Storage;

namespace WsGate.Admin.Console;

/// <summary>The dashboard: live connections, messages per second, top APIs and consumers, and what went wrong lately.</summary>
public sealed class IndexModel(ConfigManager config, ListenerManager listeners, ApiManager apis, ConnectionRegistry registry, MessageRateSampler rates, IAuditStore audit, TimeProvider time,
    OutboundClientManager clients, IUsageStore usage, FailureLog failures)
    : ConsolePageModel
{
    public override string ApiPath => "/api/v1/listeners";

    public int LiveConnections { get; private set; }

    public RateSample? LastRate { get; private set; }

    public IReadOnlyList<ListenerView> Listeners { get; private set; } = [];

    public int PublishedApis { get; private set; }

    public int TotalApis { get; private set; }

    public IReadOnlyList<(string Name, int Connections, long Messages)> TopApis { get; private set; } = [];

    public IReadOnlyList<(string Name, int Connections, long Messages)> TopConsumers { get; private set; } = [];

    public IReadOnlyList<(DateTimeOffset? At, string What, string Detail)> Problems { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var live = registry.All.ToList();
        LiveConnections = live.Count;
        var samples = rates.Samples;
        LastRate = samples.Count == 0 ? null : samples[^1];
        Listeners = config.Current.Listeners.Select(l => ListenerView.From(l, listeners.Find(l.Id))).ToList();
        TotalApis = config.Current.Apis.Count;
        PublishedApis = config.Current.Apis.Count(a => a.Lifecycle == ApiLifecycle.Published);
        TopApis = Top(live.Where(c => c.Api is not null), c => c.Api!.Api.Id);
        TopConsumers = Top(live, c => c.User ?? "(anonymous)");

        var problems = new List<(DateTimeOffset? At, string What, string Detail)>();
        foreach (var listener in Listeners.Where(l => l.State == "failed"))
        {
            problems.Add((null, $"listener {listener.Config.Id} failed", listener.FailureReason ?? "unknown reason"));
        }

        var soon = time.GetUtcNow().AddDays(30);
        foreach (var listener in Listeners.Where(l => l.CertificateExpires is { } e && e < soon))
        {
            problems.Add((listener.CertificateExpires, $"certificate of listener {listener.Config.Id}", $"expires {listener.CertificateExpires:yyyy-MM-dd HH:mm} UTC"));
        }

        foreach (var api in apis.All)
        {
            foreach (var endpoint in api.Production.Endpoints.Concat(api.Sandbox.Endpoints).Where(e => !e.Healthy))
            {
                problems.Add((endpoint.LastChecked, $"API {api.Config.Id} backend down", $"{endpoint.Url}: {endpoint.LastError ?? "unhealthy"}"));
            }
        }

        foreach (var client in clients.All.Where(c => c.State == OutboundClientState.BackingOff))
        {
            var status = client.Status;
            problems.Add((null, $"outbound client {client.Id} cannot connect", $"{status.LastError ?? "connection lost"}; next attempt {status.NextAttemptAt:HH:mm:ss}"));
        }

        // The failures log: refused handshakes and credentials, unreachable backends, protocol errors of the last hour.
        var now = time.GetUtcNow();
        foreach (var failure in (await Analytics.IndexModel.RecentFailuresAsync(usage, failures, now.AddHours(-1), now.AddMinutes(1), 10, HttpContext.RequestAborted)))
        {
            problems.Add((failure.At, $"{failure.Kind} failure{(failure.Api.Length > 0 ? " on API " + failure.Api : failure.Listener.Length > 0 ? " on listener " + failure.Listener : "")}",
                $"{(failure.Status is { } status ? status + " " : "")}{failure.Reason}"));
        }

        if (AdminAuthorizationAllowsAudit())
        {
            foreach (var entry in (await audit.QueryAsync(new AuditQuery(Limit: 200), HttpContext.RequestAborted)).Where(e => e.Outcome >= 400).Take(10))
            {
                problems.Add((entry.At, $"{entry.Action} by {entry.Actor}", $"answered {entry.Outcome}{(entry.Target is null ? "" : " on " + entry.Target)}"));
            }
        }

        Problems = problems;
    }

    private bool AdminAuthorizationAllowsAudit() => Security.AdminAuthorization.IsAllowed(Principal, "GET", "/api/v1/audit");

    private static List<(string Name, int Connections, long Messages)> Top(IEnumerable<LiveConnection> connections, Func<LiveConnection, string> key) =>
        connections.GroupBy(key, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.Key, g.Count(), g.Sum(c => c.MessagesIn + c.MessagesOut)))
            .OrderByDescending(t => t.Item2).ThenByDescending(t => t.Item3)
            .Take(5)
            .ToList();
}
