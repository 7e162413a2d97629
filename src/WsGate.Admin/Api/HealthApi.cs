using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Cluster;
using WsGate.Connections;
using WsGate.Management;

namespace WsGate.Admin.Api;

/// <summary>Liveness and readiness, the only admin routes that need no credentials.</summary>
public static class HealthApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        admin.MapGet("/healthz", () => Results.Ok(new HealthView("ok")))
            .WithTags("Health")
            .WithSummary("Liveness: the process answers")
            .Produces<HealthView>();
        admin.MapGet("/readyz", (ConfigManager config, ConnectionRegistry registry, StoreHealth store) =>
            config.IsLoaded && !registry.IsDraining && store.IsReachable
                ? Results.Ok(new ReadinessView("ready", config.Revision))
                : Results.Json(
                    new ReadinessView(registry.IsDraining ? "draining" : !config.IsLoaded ? "starting" : "store-unreachable", config.Revision, store.Problem),
                    statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithTags("Health")
            .WithSummary("Readiness: configuration loaded, not draining and the store reachable")
            .Produces<ReadinessView>()
            .Produces<ReadinessView>(StatusCodes.Status503ServiceUnavailable);
    }
}
