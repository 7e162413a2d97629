using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WsGate.Admin.Diagnostics;
using WsGate.Admin.Security;
using WsGate.Storage;

namespace WsGate.Admin.Console;

/// <summary>
/// The console's cookie session: who signed in and with which roles. Each request re-reads the user, so a user who is
/// disabled, deleted or loses a role loses the console at once, as the REST API's Basic check would.
/// </summary>
public static class ConsoleSession
{
    public const string Scheme = "WsGate.Console";

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    public static ClaimsPrincipal Principal(StoredUser user)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, user.Username) };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r.ToLowerInvariant())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The signed-in user as the admin API's authorization and audit know them; null when nobody is signed in.</summary>
    public static AdminPrincipal? AdminPrincipal(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { } name }
            ? new AdminPrincipal(name, user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList())
            : null;

    internal static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var store = context.HttpContext.RequestServices.GetRequiredService<IUserStore>();
        var user = name is null ? null : await store.FindUserAsync(name, context.HttpContext.RequestAborted);
        if (user is null || !user.Enabled || user.Roles.Count == 0)
        {
            ConsoleLog.SessionRevoked(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleSession)), name ?? "(unknown)");
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        var current = context.Principal!.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal);
        if (!current.SequenceEqual(user.Roles.Select(r => r.ToLowerInvariant()).Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            context.ReplacePrincipal(Principal(user));
            context.ShouldRenew = true;
        }
    }

    /// <summary>Makes the signed-in console user the request's admin principal, so the audit log records console changes too.</summary>
    internal static Task AttachAsync(HttpContext context, RequestDelegate next)
    {
        if (IsConsolePath(context.Request.Path) && AdminPrincipal(context.User) is { } principal)
        {
            principal.Attach(context);
        }

        return next(context);
    }

    /// <summary>Paths the console and the portal own: cookie sessions and forms, not the REST API's Basic credentials.</summary>
    public static bool IsConsolePath(PathString path) =>
        path == "/" || path.StartsWithSegments("/console") || path.StartsWithSegments("/portal");
}
