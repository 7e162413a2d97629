using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.Admin.Security;

/// <summary>
/// HTTP Basic authentication for the admin API against the stored users; every route but <c>/healthz</c> and
/// <c>/readyz</c> needs a user with the admin role. A verified credential is remembered for a short while by the hash
/// of the header, because PBKDF2 at a safe iteration count costs a few hundred milliseconds by design.
/// </summary>
public sealed class AdminAuthenticationMiddleware(RequestDelegate next, IUserStore users, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, (string User, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.Equals("/healthz", StringComparison.Ordinal) || path.Equals("/readyz", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var user = await AuthenticateAsync(context.Request.Headers.Authorization.ToString(), context.RequestAborted);
        if (user is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"WsGate admin\", charset=\"UTF-8\"";
            await Results.Problem(statusCode: 401, title: "Authentication required", detail: "the admin API needs HTTP Basic credentials of a user with the admin role")
                .ExecuteAsync(context);
            return;
        }

        context.Items["wsgate.user"] = user;
        await next(context);
    }

    private async Task<string?> AuthenticateAsync(string header, CancellationToken cancellationToken)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || header.Length > 4096)
        {
            return null;
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(header)));
        var now = time.GetUtcNow();
        if (_verified.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.User;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var username = decoded[..colon];
        var password = decoded[(colon + 1)..];
        var stored = await users.FindUserAsync(username, cancellationToken);
        if (stored is null || !stored.Enabled || !stored.Roles.Contains(AdminRoles.Admin, StringComparer.OrdinalIgnoreCase)
            || !PasswordHasher.Verify(password, stored.PasswordHash))
        {
            return null;
        }

        _verified[key] = (stored.Username, now + CacheFor);
        return stored.Username;
    }
}
