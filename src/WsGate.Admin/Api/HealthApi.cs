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
        admin.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).WithTags("Health");
        admin.MapGet("/readyz", (ConfigManager config, ConnectionRegistry registry, StoreHealth store) =>
            config.IsLoaded && !registry.IsDraining && store.IsReachable
                ? Results.Ok(new { status = "ready", revision = config.Revision })
                : Results.Json(
                    new
                    {
                        status = registry.IsDraining ? "draining" : !config.IsLoaded ? "starting" : "store-unreachable",
                        revision = config.Revision,
                        problem = store.Problem,
                    },
                    statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithTags("Health");
    }
}
