using Microsoft.AspNetCore.Http;
using WsGate.Identity;

namespace WsGate.Admin.Security;

/// <summary>
/// What each role may do through the admin API. Admins may do everything; publishers manage APIs; operators read
/// everything and manage live connections, message captures and channel pushes; subscribers manage their own applications (ownership is
/// checked by the applications routes) and read the published APIs.
/// </summary>
public static class AdminAuthorization
{
    public static bool IsAllowed(AdminPrincipal principal, string method, PathString path)
    {
        if (principal.IsAdmin)
        {
            return true;
        }

        var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        if (path.StartsWithSegments("/api/v1/applications") || path.StartsWithSegments("/api/v1/me"))
        {
            return principal.Has(Roles.Subscriber) || (read && (principal.Has(Roles.Operator) || principal.Has(Roles.Publisher)));
        }

        if (path.StartsWithSegments("/api/v1/apis"))
        {
            return principal.Has(Roles.Publisher) || (read && (principal.Has(Roles.Operator) || principal.Has(Roles.Subscriber)));
        }

        if (path.StartsWithSegments("/api/v1/connections") || path.StartsWithSegments("/api/v1/channels"))
        {
            return principal.Has(Roles.Operator) || (read && principal.Has(Roles.Publisher));
        }

        if (path.StartsWithSegments("/api/v1/captures"))
        {
            // Captures hold message payloads: operators run and read them; publishers, who read most else, do not.
            return principal.Has(Roles.Operator);
        }

        if (path.StartsWithSegments("/api/v1/tiers"))
        {
            // Every role reads tiers (subscribers choose one when subscribing); only admins change them.
            return read;
        }

        if (path.StartsWithSegments("/api/v1/users") || path.StartsWithSegments("/api/v1/groups") || path.StartsWithSegments("/api/v1/audit")
            || path.StartsWithSegments("/api/v1/lockouts"))
        {
            return read && principal.Has(Roles.Operator);
        }

        return read && (principal.Has(Roles.Operator) || principal.Has(Roles.Publisher));
    }
}
