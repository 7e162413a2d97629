using WsGate.Configuration.Apis;
using WsGate.Routing;

namespace WsGate.Admin.Api;

/// <summary>An API as the admin API shows it: its configuration, its URLs, and its state on this node.</summary>
public sealed record ApiView(
    ApiConfig Config,
    IReadOnlyList<string> Paths,
    int ActiveConnections,
    long Accepted,
    long Rejected,
    long BackendFailures,
    IReadOnlyList<EndpointHealthView> Endpoints)
{
    public static ApiView From(ApiConfig config, ApiRuntime? runtime) => new(
        config,
        config.Paths().ToList(),
        runtime?.ActiveConnections ?? 0,
        runtime?.Accepted ?? 0,
        runtime?.Rejected ?? 0,
        runtime?.BackendFailures ?? 0,
        runtime is null
            ? []
            : runtime.Production.Endpoints.Select(e => EndpointHealthView.From("production", e))
                .Concat(runtime.Sandbox.Endpoints.Select(e => EndpointHealthView.From("sandbox", e)))
                .ToList());
}
