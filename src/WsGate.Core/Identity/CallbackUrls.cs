using System.Net;

namespace WsGate.Identity;

/// <summary>
/// The rules for an application's registered redirect URIs (RFC 6749 section 3.1.2, OAuth 2.0 Security BCP): absolute
/// https URLs, or http only to a loopback host (a native app's local listener); no fragment, no user info. A request's
/// redirect URI must equal a registered one exactly, character for character: no prefix, wildcard or case folding, so
/// an open redirector elsewhere on the same site cannot receive a code.
/// </summary>
public static class CallbackUrls
{
    public const int MaxCount = 10;

    public const int MaxLength = 2000;

    /// <summary>Why <paramref name="url"/> cannot be registered, or null when it can.</summary>
    public static string? Problem(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength)
        {
            return $"must be an absolute URL of 1 to {MaxLength} characters";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || url.Any(char.IsWhiteSpace))
        {
            return "must be an absolute URL";
        }

        if (url.Contains('#', StringComparison.Ordinal))
        {
            return "must not have a fragment (RFC 6749 section 3.1.2)";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not carry a user name or password";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            return IsLoopback(uri) ? null : "must be https; http is allowed only for a loopback host (127.0.0.1, [::1], localhost)";
        }

        return "must be an https URL (or http to a loopback host)";
    }

    /// <summary>Whether <paramref name="requested"/> is one of <paramref name="registered"/>, compared exactly (ordinal).</summary>
    public static bool IsRegistered(IReadOnlyList<string> registered, string? requested) =>
        !string.IsNullOrEmpty(requested) && registered.Any(r => string.Equals(r, requested, StringComparison.Ordinal));

    private static bool IsLoopback(Uri uri) =>
        string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
