using Microsoft.AspNetCore.Http;
using WsGate.Storage;

namespace WsGate.Admin.Problems;

/// <summary>
/// While the store cannot be reached (a shared PostgreSQL that is down), any admin request that needs it (credentials,
/// a change, the audit log) answers 503 with the reason instead of a bare 500: nothing was changed, retry later.
/// </summary>
public sealed class StoreUnavailableMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (StoreUnavailableException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await AdminProblems.StoreUnavailable(ex.Message).ExecuteAsync(context);
        }
    }
}
