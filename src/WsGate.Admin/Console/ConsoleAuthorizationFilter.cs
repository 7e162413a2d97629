using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WsGate.Admin.Security;

namespace WsGate.Admin.Console;

/// <summary>
/// Applies the admin API's role rules to console pages: a GET of a page is a read of its API path, a form post is a
/// change. A refused user lands on the access-denied page, which says why.
/// </summary>
public sealed class ConsoleAuthorizationFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerInstance is ConsolePageModel page && ConsoleSession.AdminPrincipal(context.HttpContext.User) is { } principal
            && !AdminAuthorization.IsAllowed(principal, context.HttpContext.Request.Method, page.ApiPath))
        {
            context.Result = new ForbidResult(ConsoleSession.Scheme);
            return;
        }

        var executed = await next();

        // A form sent back with field errors is a refused change: answer 400, as the REST API does, so the audit log
        // and the dashboard's recent problems count it as one.
        if (executed.Result is PageResult result && !executed.ModelState.IsValid && !HttpMethods.IsGet(context.HttpContext.Request.Method))
        {
            result.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
