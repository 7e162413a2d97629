using System.Text;

namespace WsGate.Identity;

/// <summary>RFC 7617 <c>Authorization: Basic</c> credentials.</summary>
public static class BasicCredentials
{
    /// <summary>Parses <c>Basic base64(user:password)</c>; false for any other scheme or a malformed value.</summary>
    public static bool TryParse(string header, out string username, out string password)
    {
        username = password = "";
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        username = decoded[..colon];
        password = decoded[(colon + 1)..];
        return true;
    }
}
