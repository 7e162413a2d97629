namespace WsGate.Configuration.Validation;

/// <summary>
/// A listener's advertised address (<see cref="ListenerConfig.PublicUrl"/>): an absolute ws or wss URL, or http or https
/// mapped to them, with a host, an optional port and an optional path prefix, and no user info, query or fragment. The
/// validator and everything that shows client URLs read it through <see cref="TryParse"/>, so both see the same root.
/// </summary>
public static class PublicUrl
{
    /// <summary>
    /// The normalised root (<c>wss://host[:port][/prefix]</c>, default port left out, no trailing slash), or false with
    /// what is wrong.
    /// </summary>
    public static bool TryParse(string? text, out string root, out string error)
    {
        root = "";
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            error = $"'{text}' is not an absolute URL such as wss://chat.example.com/ws";
            return false;
        }

        var scheme = url.Scheme switch
        {
            "ws" or "http" => "ws",
            "wss" or "https" => "wss",
            _ => null,
        };
        if (scheme is null)
        {
            error = $"must be a ws, wss, http or https URL, not {url.Scheme}";
            return false;
        }

        if (url.UserInfo.Length > 0)
        {
            error = "must not hold user info; clients authenticate as the listener says";
            return false;
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0 || text.Contains('?', StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal))
        {
            error = "must not have a query or fragment: endpoint and API paths are appended to it";
            return false;
        }

        var prefix = url.AbsolutePath.TrimEnd('/');
        if (prefix.Length > 0 && !ListenerValidator.IsValidPath(prefix))
        {
            error = $"path prefix '{url.AbsolutePath}' must use only letters, digits and - _ . ~ / segments";
            return false;
        }

        // The default port of the scheme clients use is left out, as a browser would show it.
        var defaultPort = scheme == "wss" ? 443 : 80;
        var port = url.IsDefaultPort || url.Port == defaultPort ? "" : ":" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        root = $"{scheme}://{url.Host.ToLowerInvariant()}{port}{prefix}";
        error = "";
        return true;
    }
}
