using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>The audit log of admin changes, newest first.</summary>
public static class AuditApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        admin.MapGet("/api/v1/audit", (DateTimeOffset? from, DateTimeOffset? to, string? actor, string? target, int? limit, IAuditStore audit, CancellationToken ct) =>
            audit.QueryAsync(new AuditQuery(from, to, actor, target, limit ?? 100), ct))
            .WithTags("Audit")
            .WithSummary("Query the audit log of admin changes, newest first");
    }
}
