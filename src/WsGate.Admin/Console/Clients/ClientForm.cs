using WsGate.Admin.Api;
using WsGate.Admin.Console.Listeners;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Secrets;

namespace WsGate.Admin.Console.Clients;

/// <summary>
/// The outbound client form (RoboTask's WS Connection Manager dialog), named after <see cref="OutboundClientConfig"/>'s
/// properties so the validator's errors land on their inputs. TLS settings are kept; change them through the REST API.
/// </summary>
public sealed class ClientForm
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>Autofill from URL: host, port, TLS, path and credentials from one <c>ws://</c> or <c>wss://</c> URL.</summary>
    public string? Url { get; set; }

    public string? Host { get; set; }

    public int? Port { get; set; }

    public bool UseTls { get; set; }

    public string? Path { get; set; } = "/";

    public string? Username { get; set; }

    /// <summary>Shown masked in an edit; left masked or empty, the stored password is kept.</summary>
    public string? Password { get; set; }

    /// <summary>Extra handshake headers, one <c>Name: value</c> per line.</summary>
    public string? Headers { get; set; }

    public string? SubProtocol { get; set; }

    public int PingIntervalSeconds { get; set; }

    public bool ReconnectEnabled { get; set; } = true;

    public int ReconnectIntervalSeconds { get; set; } = 5;

    public int ReconnectMaxIntervalSeconds { get; set; } = 300;

    public int ConnectTimeoutMs { get; set; } = OutboundClientConfig.DefaultConnectTimeoutMs;

    public long MaxMessageSize { get; set; } = OutboundClientConfig.DefaultMaxMessageSize;

    public static IReadOnlyCollection<string> FieldNames { get; } =
    [
        nameof(Id), nameof(Name), nameof(Active), nameof(Url), nameof(Host), nameof(Port), nameof(UseTls), nameof(Path), nameof(Username), nameof(Password),
        nameof(Headers), nameof(SubProtocol), nameof(PingIntervalSeconds), nameof(ReconnectEnabled), nameof(ReconnectIntervalSeconds),
        nameof(ReconnectMaxIntervalSeconds), nameof(ConnectTimeoutMs), nameof(MaxMessageSize),
    ];

    public static ClientForm From(OutboundClientConfig client) => new()
    {
        Id = client.Id,
        Name = client.Name,
        Active = client.Active,
        Host = client.Host,
        Port = client.Port,
        UseTls = client.UseTls,
        Path = SecretValues.MaskValue(client.Path, SecretKind.Url),
        Username = client.Basic?.Username,
        Password = client.Basic is { Password.Length: > 0 } ? SecretValues.Mask : null,
        Headers = HeaderLines.Format(SecretValues.MaskValues(client.Headers)),
        SubProtocol = client.SubProtocol,
        PingIntervalSeconds = client.PingIntervalSeconds,
        ReconnectEnabled = client.Reconnect.Enabled,
        ReconnectIntervalSeconds = client.Reconnect.IntervalSeconds,
        ReconnectMaxIntervalSeconds = client.Reconnect.MaxIntervalSeconds,
        ConnectTimeoutMs = client.ConnectTimeoutMs,
        MaxMessageSize = client.MaxMessageSize,
    };

    /// <summary>
    /// Fills host, port, TLS, path and credentials from <see cref="Url"/>, as the REST API does on save; the error says
    /// what a client URL looks like.
    /// </summary>
    public bool TryAutofill(out string error)
    {
        if (!OutboundUrl.TryParse(Url, out var parts, out error))
        {
            return false;
        }

        Host = parts.Host;
        Port = parts.Port;
        UseTls = parts.UseTls;
        Path = parts.Path;
        if (parts.Basic is { } basic)
        {
            Username = basic.Username;
            Password = basic.Password;
        }

        Url = null;
        return true;
    }

    /// <summary>The client the inputs describe. A URL, when given, wins over the connection fields (autofill on save).</summary>
    public OutboundClientConfig ToConfig(OutboundClientConfig? existing)
    {
        var baseline = existing ?? new OutboundClientConfig();
        var password = string.IsNullOrEmpty(Password) || Password == SecretValues.Mask ? existing?.Basic?.Password ?? "" : Password;
        return baseline with
        {
            Id = existing?.Id ?? Id?.Trim() ?? "",
            Name = Name?.Trim() ?? "",
            Active = Active,
            Url = string.IsNullOrWhiteSpace(Url) ? null : Url.Trim(),
            Host = Host?.Trim() ?? "",
            Port = Port,
            UseTls = UseTls,
            Path = string.IsNullOrWhiteSpace(Path) ? "/" : Path.Trim(),
            Basic = string.IsNullOrWhiteSpace(Username) ? null : new BasicAuthConfig { Username = Username.Trim(), Password = password },
            Headers = HeaderLines.Parse(Headers),
            SubProtocol = ListenerForm.Blank(SubProtocol),
            PingIntervalSeconds = PingIntervalSeconds,
            Reconnect = baseline.Reconnect with { Enabled = ReconnectEnabled, IntervalSeconds = ReconnectIntervalSeconds, MaxIntervalSeconds = ReconnectMaxIntervalSeconds },
            ConnectTimeoutMs = ConnectTimeoutMs,
            MaxMessageSize = MaxMessageSize,
        };
    }

    /// <summary>Config paths to the form's inputs: <c>basic.username</c> to Username, <c>reconnect.intervalSeconds</c> to ReconnectIntervalSeconds.</summary>
    public static string Rename(string path) => path switch
    {
        _ when path.StartsWith("basic.", StringComparison.Ordinal) => path["basic.".Length..],
        "basic" => "username",
        _ when path.StartsWith("reconnect.", StringComparison.Ordinal) => "reconnect" + char.ToUpperInvariant(path["reconnect.".Length]) + path[("reconnect.".Length + 1)..],
        _ when path.StartsWith("tls", StringComparison.Ordinal) => "useTls",
        _ => path,
    };
}
