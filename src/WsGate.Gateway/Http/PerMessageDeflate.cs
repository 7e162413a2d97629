using System.Net.WebSockets;

namespace WsGate.Http;

/// <summary>The permessage-deflate extension's negotiated terms, read back from a handshake answer.</summary>
public static class PerMessageDeflate
{
    /// <summary>
    /// RFC 7692 section 7.1 parameters of a permessage-deflate answer (a backend's to WsGate, or WsGate's own to a
    /// client): bare flags for no context takeover, <c>name=bits</c> for window sizes, defaults for what is absent; null
    /// when the answer is something else or carries a parameter this does not know.
    /// </summary>
    public static WebSocketDeflateOptions? ParseAnswer(string extensions)
    {
        var parts = extensions.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !parts[0].Equals("permessage-deflate", StringComparison.OrdinalIgnoreCase) || extensions.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var options = new WebSocketDeflateOptions();
        foreach (var parameter in parts.Skip(1))
        {
            var (name, value) = parameter.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (parameter[..eq].Trim(), parameter[(eq + 1)..].Trim().Trim('"'))
                : (parameter, "");
            switch (name.ToLowerInvariant())
            {
                case "client_no_context_takeover":
                    options.ClientContextTakeover = false;
                    break;
                case "server_no_context_takeover":
                    options.ServerContextTakeover = false;
                    break;
                case "client_max_window_bits" when int.TryParse(value, out var bits) && bits is >= 9 and <= 15:
                    options.ClientMaxWindowBits = bits;
                    break;
                case "server_max_window_bits" when int.TryParse(value, out var bits) && bits is >= 9 and <= 15:
                    options.ServerMaxWindowBits = bits;
                    break;
                default:
                    return null;
            }
        }

        return options;
    }
}
