using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.Admin.Security;

/// <summary>
/// Records every state-changing admin request, whatever its outcome: who, which route, on what, from where, when, and
/// the status it ended with. Bodies are not recorded, so no password or secret reaches the audit log.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, IAuditStore audit, TimeProvider time)
{
    /// <summary>
    /// The <see cref="HttpContext.Items"/> key under which an endpoint names what it acted on when the route does not
    /// (an unlock names its subject, which comes in the body).
    /// </summary>
    public const string TargetItem = "WsGate.Audit.Target";

    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            var principal = AdminPrincipal.From(context);
            if (principal is not null)
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
                var values = context.Request.RouteValues;
                var target = values.TryGetValue("id", out var id) ? id?.ToString()
                    : values.TryGetValue("name", out var name) ? name?.ToString()
                    : values.TryGetValue("username", out var user) ? user?.ToString()
                    : context.Items.TryGetValue(TargetItem, out var named) ? named as string
                    : null;
                var action = $"{method} {route}";
                if (Console.ConsoleAudit.Describe(context) is { } form)
                {
                    (action, target) = form;
                }

                await audit.AppendAsync(
                    new AuditEntry(0, time.GetUtcNow(), principal.Username, context.Connection.RemoteIpAddress?.ToString(), action, target, context.Response.StatusCode),
                    CancellationToken.None);
            }
        }
    }
}
