using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WsGate.Admin.Security;

namespace WsGate.Admin.Console;

/// <summary>
/// A console or portal page. It names the admin API path it stands for, and the same role rules as the REST API decide
/// whether the signed-in user may read it (GET) or change through it (POST): see <see cref="ConsoleAuthorizationFilter"/>.
/// </summary>
public abstract class ConsolePageModel : PageModel
{
    /// <summary>The admin API path whose rules apply, for example <c>/api/v1/listeners</c>.</summary>
    public abstract string ApiPath { get; }

    public AdminPrincipal Principal => ConsoleSession.AdminPrincipal(User) ?? throw new InvalidOperationException("no signed-in console user");

    /// <summary>Whether the user may change what this page shows; pages hide their forms otherwise.</summary>
    public bool CanWrite => AdminAuthorization.IsAllowed(Principal, "POST", ApiPath);

    /// <summary>A one-line outcome shown once after a redirect (post/redirect/get).</summary>
    [TempData]
    public string? Flash { get; set; }

    [TempData]
    public string? FlashError { get; set; }

    protected IActionResult Done(string message, object? routeValues = null)
    {
        Flash = message;
        return RedirectToPage(routeValues);
    }
}
