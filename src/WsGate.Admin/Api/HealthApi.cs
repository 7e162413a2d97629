using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Connections;
using WsGate.Management;

namespace WsGate.Admin.Api;

/// <summary>Liveness and readiness, the only admin routes that need no credentials.</summary>
public static class HealthApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        admin.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).WithTags("Health");
        admin.MapGet("/readyz", (ConfigManager config, ConnectionRegistry registry) =>
            config.IsLoaded && !registry.IsDraining
                ? Results.Ok(new { status = "ready", revision = config.Revision })
                : Results.Json(new { status = registry.IsDraining ? "draining" : "starting" }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithTags("Health");
    }
}
