using WsGate.Configuration.Secrets;

namespace WsGate.Configuration.Outbound;

/// <summary>Splits a client URL into the fields autofill writes (RoboTask's "Autofill from URL").</summary>
public static class OutboundUrl
{
    public sealed record Parts(string Host, int? Port, bool UseTls, string Path, BasicAuthConfig? Basic);

    public static bool TryParse(string? text, out Parts parts, out string error)
    {
        parts = null!;
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            // Echoed masked: the address may carry a password (RFC 3986 userinfo or a URL-auth path).
            error = $"'{SecretValues.MaskUrlValue(text)}' is not a URL such as wss://host:12345/auth/user/psw or ws://host/report?info=common";
            return false;
        }

        var tls = uri.Scheme.ToLowerInvariant() switch
        {
            "ws" or "http" => false,
            "wss" or "https" => true,
            _ => (bool?)null,
        };
        if (tls is null)
        {
            error = $"scheme '{uri.Scheme}' is not ws or wss";
            return false;
        }

        if (uri.Fragment.Length > 0)
        {
            error = "a client URL cannot have a #fragment";
            return false;
        }

        BasicAuthConfig? basic = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            basic = new BasicAuthConfig
            {
                Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]),
                Password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]),
            };
        }

        parts = new Parts(uri.IdnHost, uri.IsDefaultPort ? null : uri.Port, tls.Value, uri.PathAndQuery, basic);
        error = "";
        return true;
    }
}
