using System.Net.WebSockets;

namespace WsGate.Protocol;

/// <summary>
/// permessage-deflate (RFC 7692) as the <c>frames</c> relay negotiates it: end to end, so both legs agree on the same
/// parameters and compressed frames pass through as they came, RSV1 and all. Both directions are negotiated without
/// context takeover (section 7.1.1), so every compressed message stands alone: WsGate can drop one (a rate limit) or read
/// one (rules, routing) without breaking either side's compression window, which context takeover would share across
/// messages (section 7.2.3).
/// </summary>
public static class PerMessageDeflate
{
    private const string Name = "permessage-deflate";

    /// <summary>
    /// What WsGate offers a backend for a client that offered <paramref name="clientOffer"/>: the client's first
    /// permessage-deflate offer with both <c>no_context_takeover</c> parameters added; null when the client offered none.
    /// Window-size parameters are passed on as the client sent them, since the client has to honour the answer.
    /// </summary>
    public static string? RelayOffer(string clientOffer)
    {
        foreach (var offer in clientOffer.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = offer.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !parts[0].Equals(Name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var parameters = new List<string> { Name };
            foreach (var parameter in parts.Skip(1))
            {
                var name = parameter.Split('=', 2)[0].Trim().ToLowerInvariant();
                if (name is "client_max_window_bits" or "server_max_window_bits")
                {
                    parameters.Add(parameter);
                }
                else if (name is not ("client_no_context_takeover" or "server_no_context_takeover"))
                {
                    // A parameter this relay does not know: skip the offer rather than pass on terms it cannot vouch for.
                    parameters = null;
                    break;
                }
            }

            if (parameters is null)
            {
                continue;
            }

            parameters.Add("client_no_context_takeover");
            parameters.Add("server_no_context_takeover");
            return string.Join("; ", parameters);
        }

        return null;
    }

    /// <summary>
    /// The answer the client gets for a backend's <paramref name="backendAnswer"/>: the same terms, with
    /// <c>client_no_context_takeover</c> made explicit (in an offer it is only a hint, so the backend may leave it out).
    /// Null when the backend's answer is not a valid answer to <see cref="RelayOffer"/>.
    /// </summary>
    public static string? ClientAnswer(string backendAnswer)
    {
        var options = ParseAnswer(backendAnswer);
        if (options is null)
        {
            return null;
        }

        var parameters = new List<string> { Name, "client_no_context_takeover" };
        if (!options.ServerContextTakeover)
        {
            parameters.Add("server_no_context_takeover");
        }

        if (options.ClientMaxWindowBits != 15)
        {
            parameters.Add("client_max_window_bits=" + options.ClientMaxWindowBits);
        }

        if (options.ServerMaxWindowBits != 15)
        {
            parameters.Add("server_max_window_bits=" + options.ServerMaxWindowBits);
        }

        return string.Join("; ", parameters);
    }

    /// <summary>
    /// RFC 7692 section 7.1 parameters of a permessage-deflate answer: bare flags for no context takeover, <c>name=bits</c>
    /// for window sizes, defaults for what is absent; null when the answer is something else or carries a parameter this
    /// does not know.
    /// </summary>
    public static WebSocketDeflateOptions? ParseAnswer(string extensions)
    {
        var parts = extensions.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !parts[0].Equals(Name, StringComparison.OrdinalIgnoreCase) || extensions.Contains(',', StringComparison.Ordinal))
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
