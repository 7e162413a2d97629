using Microsoft.AspNetCore.Http;
using WsGate.Configuration.Identity;
using WsGate.Identity;
using WsGate.Management;
using WsGate.Routing;

namespace WsGate.Admin.Security;

/// <summary>
/// Every admin route but health and the OAuth2 endpoints needs HTTP Basic credentials of an enabled user with a role,
/// checked through the same authenticator as WebSocket clients (constant-time hashes, throttling and lockout). Then the
/// role must allow the route, and a state-changing request must not come from another site (CSRF): a cross-origin script
/// is refused by its Origin (403), and a form body, which a page could post without a preflight, is never read (415).
/// </summary>
public sealed class AdminAuthenticationMiddleware(RequestDelegate next, ConnectionAuthenticator authenticator, LiveConfig live)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!NeedsCredentials(path))
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length > ConnectionAuthenticator.MaxCredentialLength || !BasicCredentials.TryParse(header, out var username, out var password))
        {
            await ChallengeAsync(context, "missing_credentials", "the admin API needs HTTP Basic credentials");
            return;
        }

        var (user, failure) = await authenticator.VerifyPasswordAsync(AuthScope.Admin, username, password, context.Connection.RemoteIpAddress?.ToString(), live.Current.Identity, context.RequestAborted);
        if (failure is not null)
        {
            if (failure.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await ChallengeAsync(context, failure.Code, failure.Detail);
            return;
        }

        if (user is null || user.Roles.Count == 0)
        {
            await ForbidAsync(context, "the user has no admin role");
            return;
        }

        var principal = new AdminPrincipal(user.Username, user.Roles);
        principal.Attach(context);
        if (!AdminAuthorization.IsAllowed(principal, context.Request.Method, path))
        {
            await ForbidAsync(context, $"role {string.Join(", ", user.Roles)} may not {context.Request.Method} {path}");
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            if (IsCrossOrigin(context.Request))
            {
                await ForbidAsync(context, "a state-changing request from another site is refused (CSRF)");
                return;
            }

            if (IsForm(context.Request))
            {
                // A body a page on another site could post without a preflight is never read; to a client that meant
                // JSON (curl -d sends a form type) the answer says what to send.
                await Results.Problem(
                    statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "Unsupported media type",
                    detail: $"the admin API reads JSON (and YAML for a configuration import), not {context.Request.ContentType}; send Content-Type: application/json (with curl: -H 'Content-Type: application/json')")
                    .ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }

    /// <summary>
    /// Whether a request to <paramref name="path"/> needs Basic credentials: all but health, the OAuth2 endpoints (their
    /// clients authenticate themselves) and the console and portal, which have their own cookie session and antiforgery
    /// tokens (Console/ConsoleSetup). The OpenAPI document declares the security of each route from this same rule.
    /// </summary>
    public static bool NeedsCredentials(PathString path) =>
        !path.Equals("/healthz", StringComparison.Ordinal) && !path.Equals("/readyz", StringComparison.Ordinal) && !path.StartsWithSegments("/oauth2")
        && !Console.ConsoleSession.IsConsolePath(path);

    /// <summary>A request whose Origin names another host than the one it was sent to.</summary>
    private static bool IsCrossOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A body in a type a cross-site page could post without a preflight (CORS "simple" requests).</summary>
    private static bool IsForm(HttpRequest request)
    {
        var type = request.ContentType ?? "";
        return type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task ChallengeAsync(HttpContext context, string code, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"WsGate admin\", charset=\"UTF-8\"";
        context.Response.Headers["X-WsGate-Reason"] = code;
        await Results.Problem(statusCode: 401, title: "Authentication required", detail: $"{code}: {detail}").ExecuteAsync(context);
    }

    private static Task ForbidAsync(HttpContext context, string detail) =>
        Results.Problem(statusCode: 403, title: "Forbidden", detail: detail).ExecuteAsync(context);
}
