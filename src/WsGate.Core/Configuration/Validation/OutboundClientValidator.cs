using WsGate.Configuration.Outbound;

namespace WsGate.Configuration.Validation;

/// <summary>Checks one outbound client; a URL is checked as written, the connection fields as autofill leaves them.</summary>
public static class OutboundClientValidator
{
    public const long MaxMessageSizeLimit = 64L * 1024 * 1024;

    public static void Validate(OutboundClientConfig client, GatewayConfig config, ErrorSink errors)
    {
        if (!Identifiers.IsValidId(client.Id))
        {
            errors.Add("id", string.IsNullOrEmpty(client.Id) ? Identifiers.IdRequired : Identifiers.IdRule);
        }

        if (client.Name.Length > 255)
        {
            errors.Add("name", "must be at most 255 characters");
        }

        if (client.Url is not null && !OutboundUrl.TryParse(client.Url, out _, out var urlError))
        {
            errors.Add("url", urlError);
            return;
        }

        var filled = client.Autofilled();
        if (string.IsNullOrWhiteSpace(filled.Host))
        {
            errors.Add("host", "is required (or give url, for example wss://host:443/path)");
        }
        else if (Uri.CheckHostName(filled.Host.Trim('[', ']')) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            errors.Add("host", $"'{filled.Host}' is not a host name or IP address");
        }

        if (filled.Port is { } port && port is < 1 or > 65535)
        {
            errors.Add("port", $"{port} is out of range: must be 1-65535 (or absent for 80, or 443 with TLS)");
        }

        if (!filled.Path.StartsWith('/') || filled.Path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || filled.Path.Contains('#', StringComparison.Ordinal))
        {
            errors.Add("path", "must begin with '/' and hold no spaces or #fragment, for example /report?info=common");
        }

        ApiValidator.ValidateTls(client.Tls, config, errors.At("tls"));
        if (filled.Basic is { } basic)
        {
            if (basic.Username.Length == 0 || basic.Username.Contains(':', StringComparison.Ordinal))
            {
                errors.Add("basic.username", "is required and cannot contain ':'");
            }
        }

        foreach (var (name, value) in client.Headers)
        {
            if (!HttpNames.IsToken(name))
            {
                errors.Add($"headers.{name}", "is not an HTTP header name");
            }
            else if (HttpNames.IsHandshakeOwned(name))
            {
                errors.Add($"headers.{name}", "is set by WsGate itself: a WebSocket handshake header or a hop-by-hop one");
            }
            else if (value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
            {
                errors.Add($"headers.{name}", "a header value cannot contain a line break");
            }
        }

        if (client.SubProtocol is not null && !HttpNames.IsToken(client.SubProtocol))
        {
            errors.Add("subProtocol", "must be a token such as chat.v2 (RFC 6455 section 4.1)");
        }

        if (client.PingIntervalSeconds is < 0 or > 3600)
        {
            errors.Add("pingIntervalSeconds", "must be 0 (off) to 3600 seconds");
        }

        var reconnect = client.Reconnect;
        if (reconnect.IntervalSeconds is < 1 or > 3600)
        {
            errors.Add("reconnect.intervalSeconds", "must be 1-3600 seconds");
        }

        if (reconnect.MaxIntervalSeconds < reconnect.IntervalSeconds || reconnect.MaxIntervalSeconds > 86_400)
        {
            errors.Add("reconnect.maxIntervalSeconds", "must be at least intervalSeconds and at most 86400");
        }

        if (reconnect.JitterPercent is < 0 or > 100)
        {
            errors.Add("reconnect.jitterPercent", "must be 0-100");
        }

        if (client.ConnectTimeoutMs is < 1 or > 300_000)
        {
            errors.Add("connectTimeoutMs", "must be from 1 to 300000 milliseconds");
        }

        if (client.MaxMessageSize is < 1 or > MaxMessageSizeLimit)
        {
            errors.Add("maxMessageSize", $"must be from 1 to {MaxMessageSizeLimit} bytes");
        }
    }
}
