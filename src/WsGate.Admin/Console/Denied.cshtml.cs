using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WsGate.Admin.Security;

namespace WsGate.Admin.Console;

/// <summary>Where a user lands when their roles do not allow a page or a change; answered with 403.</summary>
public sealed class DeniedModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public AdminPrincipal? Principal => ConsoleSession.AdminPrincipal(User);

    public void OnGet() => Response.StatusCode = 403;
}
