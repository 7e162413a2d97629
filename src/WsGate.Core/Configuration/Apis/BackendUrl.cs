namespace WsGate.Configuration.Apis;

/// <summary>Backend endpoint URLs: <c>ws</c>, <c>wss</c>, or <c>http</c>/<c>https</c> meaning the same (DataPower's backside URL).</summary>
public static class BackendUrl
{
    public static bool TryNormalize(string? text, out Uri uri, out string error)
    {
        uri = null!;
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text, UriKind.Absolute, out var parsed))
        {
            error = $"'{text}' is not an absolute URL such as ws://backend:8080/path";
            return false;
        }

        var scheme = parsed.Scheme.ToLowerInvariant() switch
        {
            "ws" or "http" => "ws",
            "wss" or "https" => "wss",
            _ => null,
        };
        if (scheme is null)
        {
            error = $"scheme '{parsed.Scheme}' cannot reach a WebSocket backend; use ws, wss, http or https";
            return false;
        }

        if (!string.IsNullOrEmpty(parsed.Fragment))
        {
            error = "a backend URL cannot have a #fragment";
            return false;
        }

        uri = new UriBuilder(parsed) { Scheme = scheme, Port = parsed.IsDefaultPort ? -1 : parsed.Port }.Uri;
        error = "";
        return true;
    }

    public static Uri Normalize(string text) =>
        TryNormalize(text, out var uri, out var error) ? uri : throw new FormatException(error);
}
