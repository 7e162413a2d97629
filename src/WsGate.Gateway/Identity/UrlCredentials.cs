using Microsoft.AspNetCore.Http;

namespace WsGate.Identity;

/// <summary>
/// RoboTask's URL authentication: <c>/auth/&lt;user&gt;/&lt;password&gt;</c> at the start of the path. The pipeline strips it
/// before routing and logging, so the password reaches neither a log line, a backend, nor a connection listing.
/// </summary>
public sealed record UrlCredentials(string Username, string Password)
{
    private const string Prefix = "/auth/";
    private static readonly object Key = new();

    /// <summary>The path with any URL credentials removed, and the credentials.</summary>
    public static (string Path, UrlCredentials? Credentials) Strip(string path)
    {
        if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return (path, null);
        }

        var rest = path[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return ("/", new UrlCredentials(Uri.UnescapeDataString(rest), ""));
        }

        var username = rest[..slash];
        var afterUser = rest[(slash + 1)..];
        var next = afterUser.IndexOf('/', StringComparison.Ordinal);
        var password = next < 0 ? afterUser : afterUser[..next];
        var remainder = next < 0 ? "/" : afterUser[next..];
        return (remainder, new UrlCredentials(Uri.UnescapeDataString(username), Uri.UnescapeDataString(password)));
    }

    public static void Attach(HttpContext context, UrlCredentials credentials) => context.Items[Key] = credentials;

    public static UrlCredentials? From(HttpContext context) => context.Items.TryGetValue(Key, out var value) ? value as UrlCredentials : null;

    /// <summary>The redacted form used wherever a path is shown.</summary>
    public const string Redacted = "/auth/***/***";

    public override string ToString() => Redacted;
}
