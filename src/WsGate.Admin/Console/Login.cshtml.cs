using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using WsGate.Admin.Diagnostics;
using WsGate.Admin.Portal;
using WsGate.Identity;
using WsGate.Management;
using WsGate.Routing;

namespace WsGate.Admin.Console;

/// <summary>
/// Signs a user in with the same check as the REST API's Basic credentials (throttling, lockout, disabled users), then
/// returns them to where the session ran out, or to the console or portal their roles give.
/// </summary>
public sealed class LoginModel(ConnectionAuthenticator authenticator, LiveConfig live, FirstSignIn firstSignIn, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The page the user was sent here from, when it is more than the console's or portal's home page.</summary>
    public string? ContinueTo
    {
        get
        {
            var path = ReturnUrl?.Split('?')[0].TrimEnd('/');
            return string.IsNullOrEmpty(path) || path is "/console" or "/portal" ? null : path;
        }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(Username))
        {
            ModelState.AddModelError(nameof(Username), "Enter your username.");
        }

        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Enter your password.");
        }

        if (Username?.Length + Password?.Length > ConnectionAuthenticator.MaxCredentialLength)
        {
            ModelState.AddModelError(nameof(Password), "The username and password are too long.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        // On a listener's portal endpoint this is a public sign-in: counted with the public listeners, never the admin port.
        var isPublic = PublicPortalHost.IsPublic(HttpContext);
        var remote = HttpContext.Connection.RemoteIpAddress?.ToString();
        var (user, failure) = await authenticator.VerifyPasswordAsync(isPublic ? AuthScope.Public : AuthScope.Admin, Username!, Password!, remote, live.Current.Identity, HttpContext.RequestAborted);
        if (user is null)
        {
            ConsoleLog.SignInRefused(logger, Username![..Math.Min(Username!.Length, 64)], remote, failure?.Code ?? "invalid_credentials");
            var message = failure?.Code switch
            {
                "locked_out" => $"Too many failed attempts. Try again in {Math.Ceiling(failure.RetryAfter?.TotalSeconds ?? 60)} seconds.",
                "user_disabled" => "This user is disabled.",
                _ => "Unknown user or wrong password.",
            };
            ModelState.AddModelError(nameof(Password), message);
            return Page();
        }

        if (user.Roles.Count == 0)
        {
            ConsoleLog.SignInRefused(logger, user.Username, remote, "no_role");
            ModelState.AddModelError("", "This user has no role for the console or the portal.");
            return Page();
        }

        var staff = user.Roles.Any(r => r is Roles.Admin or Roles.Publisher or Roles.Operator);
        if (isPublic && staff)
        {
            // Staff sessions reach the console and the admin API; they are opened on the admin port only.
            ConsoleLog.SignInRefused(logger, user.Username, remote, "staff_on_public_portal");
            ModelState.AddModelError("", "Staff accounts sign in on the admin port, not on the public developer portal.");
            return Page();
        }

        // A subscriber's first sign-in brings their DefaultApplication (WSO2's developer portal does the same).
        await firstSignIn.RunAsync(user, HttpContext.RequestAborted);
        await HttpContext.SignInAsync(ConsoleSession.Scheme, ConsoleSession.Principal(user));
        ConsoleLog.SignedIn(logger, user.Username, remote);

        // Under a listener's portal endpoint, addresses carry its path base: the return address is judged without it.
        var pathBase = HttpContext.Request.PathBase;
        var returnUrl = pathBase.HasValue && ReturnUrl?.StartsWith(pathBase.Value!, StringComparison.OrdinalIgnoreCase) == true ? ReturnUrl[pathBase.Value!.Length..] : ReturnUrl;
        return LocalRedirect(pathBase + Destination(returnUrl, staff));
    }

    /// <summary>
    /// Back to the page the session ran out on (a local console or portal URL, or the OAuth2 consent page; never another
    /// site), as a GET
    /// without the form handler that was posting, and marked so the page restores what had been typed.
    /// </summary>
    public static string Destination(string? returnUrl, bool staff)
    {
        if (string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal) || returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            || !(returnUrl.StartsWith("/console", StringComparison.OrdinalIgnoreCase) || returnUrl.StartsWith("/portal", StringComparison.OrdinalIgnoreCase)
                || returnUrl.StartsWith("/oauth2/authorize?", StringComparison.OrdinalIgnoreCase))
            || returnUrl.StartsWith("/console/login", StringComparison.OrdinalIgnoreCase) || returnUrl.StartsWith("/console/logout", StringComparison.OrdinalIgnoreCase))
        {
            return staff ? "/console" : "/portal";
        }

        // A subscriber sent to sign in from a console page (the console's own root, say) has no console to go back to.
        if (!staff && returnUrl.StartsWith("/console", StringComparison.OrdinalIgnoreCase))
        {
            return "/portal";
        }

        var query = returnUrl.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? returnUrl : returnUrl[..query];
        var values = QueryHelpers.ParseQuery(query < 0 ? "" : returnUrl[query..]);
        values.Remove("handler");
        values.Remove("signedin");
        var kept = values.SelectMany(v => v.Value.Select(x => new KeyValuePair<string, string?>(v.Key, x)));
        return QueryHelpers.AddQueryString(path, kept.Append(new("signedin", "1")));
    }
}
