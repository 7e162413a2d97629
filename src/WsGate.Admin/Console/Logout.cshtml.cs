using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using WsGate.Admin.Diagnostics;

namespace WsGate.Admin.Console;

/// <summary>Signs out (a form post with its antiforgery token, so another site cannot sign a user out).</summary>
public sealed class LogoutModel(ILogger<LogoutModel> logger) : PageModel
{
    public IActionResult OnGet() => LocalRedirect(Url.Content("~/console"));

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.Name is { } name)
        {
            ConsoleLog.SignedOut(logger, name);
        }

        await HttpContext.SignOutAsync(ConsoleSession.Scheme);
        return LocalRedirect(Url.Content("~/console/login"));
    }
}
