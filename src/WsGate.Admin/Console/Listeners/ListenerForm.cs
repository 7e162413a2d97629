using WsGate.Admin.Console.Tiers;
using WsGate.Configuration;
using WsGate.Configuration.Identity;

namespace WsGate.Admin.Console.Listeners;

/// <summary>
/// The listener form: the settings an operator changes most, named after <see cref="ListenerConfig"/>'s properties so the
/// validator's field paths land on the right input. Settings the form does not show are kept as they were.
/// </summary>
public sealed class ListenerForm
{
    public const int BlankEndpointRows = 2;

    public string? Id { get; set; }

    public string? Alias { get; set; }

    public string? Description { get; set; }

    public string? Group { get; set; }

    public bool Enabled { get; set; } = true;

    public ListenerProtocol Protocol { get; set; }

    /// <summary>One <c>IP:port</c> per line.</summary>
    public string? Bindings { get; set; }

    public string? Certificate { get; set; }

    /// <summary>The key to serve from a keystore holding several.</summary>
    public string? KeyAlias { get; set; }

    /// <summary>The address clients use when it is not the bound one; blank shows the bound addresses.</summary>
    public string? PublicUrl { get; set; }

    public bool AllowWebSocketUpgrade { get; set; } = true;

    public bool Http2 { get; set; }

    /// <summary>HTTP methods separated by commas or spaces; blank allows every method.</summary>
    public string? AllowedMethods { get; set; }

    /// <summary>HTTP versions (1.0, 1.1, 2) separated by commas or spaces; blank allows every version.</summary>
    public string? AllowedHttpVersions { get; set; }

    /// <summary>For the listener's own endpoints (echo, channel); 0 is unlimited.</summary>
    public long MaxConnectionDurationMs { get; set; }

    public int MaxConnections { get; set; }

    public long MaxMessageSize { get; set; } = ListenerConfig.DefaultMaxMessageSize;

    public int IdleTimeoutMs { get; set; } = ListenerConfig.DefaultIdleTimeoutMs;

    public int KeepAliveIntervalMs { get; set; } = ListenerConfig.DefaultKeepAliveIntervalMs;

    public int PongTimeoutMs { get; set; } = ListenerConfig.DefaultPongTimeoutMs;

    public int Backlog { get; set; } = ListenerConfig.DefaultBacklog;

    public AccessMode AccessMode { get; set; }

    /// <summary>IP addresses or CIDR ranges, one per line.</summary>
    public string? Allow { get; set; }

    public string? Deny { get; set; }

    /// <summary>Empty by default so that unticking every box posts an empty list rather than keeping a default.</summary>
    public List<AuthMode> AuthModes { get; set; } = [];

    public AuthenticationForm Authentication { get; set; } = new();

    public List<EndpointRow> Endpoints { get; set; } = [];

    public HttpFallbackMode HttpFallbackMode { get; set; }

    /// <summary>The page answered to plain HTTP in Html mode.</summary>
    public string? HttpFallbackHtml { get; set; }

    /// <summary>The folder served to plain HTTP in Folder mode.</summary>
    public string? HttpFallbackFolder { get; set; }

    public string? HttpFallbackDefaultDocument { get; set; } = "index.html";

    /// <summary>The listener-wide message rate (all its connections together); 0 messages and 0 bytes is none.</summary>
    public RateForm Rate { get; set; } = new();

    /// <summary>The rate each client IP address gets; 0 messages and 0 bytes is none.</summary>
    public RateForm PerClientIp { get; set; } = new();

    public int MaxConnectionsPerClientIp { get; set; }

    /// <summary>Work items (handshakes, echo and channel messages) running at once; 0 is unlimited and leaves the other two unused.</summary>
    public int WorkersMaxConcurrent { get; set; }

    /// <summary>Work items that may wait for a slot; a handshake finding it full gets 503.</summary>
    public int WorkersQueueLimit { get; set; }

    public int WorkersPriority { get; set; } = WorkersConfig.DefaultPriority;

    /// <summary>Every input name, for <see cref="FormErrors"/>.</summary>
    public IReadOnlyCollection<string> FieldNames =>
    [
        nameof(Id), nameof(Alias), nameof(Description), nameof(Group), nameof(Enabled), nameof(Protocol), nameof(Bindings), nameof(Certificate), nameof(KeyAlias),
        nameof(PublicUrl), nameof(AllowWebSocketUpgrade), nameof(Http2), nameof(AllowedMethods), nameof(AllowedHttpVersions), nameof(MaxConnectionDurationMs),
        nameof(MaxConnections), nameof(MaxMessageSize), nameof(IdleTimeoutMs), nameof(KeepAliveIntervalMs), nameof(PongTimeoutMs), nameof(Backlog),
        nameof(AccessMode), nameof(Allow), nameof(Deny), nameof(AuthModes), .. AuthenticationForm.FieldsUnder(nameof(Authentication)), nameof(Endpoints),
        nameof(HttpFallbackMode), nameof(HttpFallbackHtml), nameof(HttpFallbackFolder), nameof(HttpFallbackDefaultDocument),
        nameof(MaxConnectionsPerClientIp), nameof(WorkersMaxConcurrent), nameof(WorkersQueueLimit), nameof(WorkersPriority), .. RateForm.FieldsUnder(nameof(Rate)), .. RateForm.FieldsUnder(nameof(PerClientIp)),
        .. Endpoints.SelectMany((_, i) => new[] { $"Endpoints[{i}].Path", $"Endpoints[{i}].Kind", $"Endpoints[{i}].MaxConnectionDurationMs" }),
    ];

    public static ListenerForm From(ListenerConfig config) => new()
    {
        Id = config.Id,
        Alias = config.Alias,
        Description = config.Description,
        Group = config.Group,
        Enabled = config.Enabled,
        Protocol = config.Protocol,
        Bindings = string.Join('\n', config.Bindings),
        Certificate = config.Certificate,
        KeyAlias = config.KeyAlias,
        PublicUrl = config.PublicUrl,
        AllowWebSocketUpgrade = config.AllowWebSocketUpgrade,
        Http2 = config.Http2,
        AllowedMethods = string.Join(", ", config.AllowedMethods),
        AllowedHttpVersions = string.Join(", ", config.AllowedHttpVersions),
        MaxConnectionDurationMs = config.MaxConnectionDurationMs,
        MaxConnections = config.MaxConnections,
        MaxMessageSize = config.MaxMessageSize,
        IdleTimeoutMs = config.IdleTimeoutMs,
        KeepAliveIntervalMs = config.KeepAliveIntervalMs,
        PongTimeoutMs = config.PongTimeoutMs,
        Backlog = config.Backlog,
        AccessMode = config.Access.Mode,
        Allow = string.Join('\n', config.Access.Allow),
        Deny = string.Join('\n', config.Access.Deny),
        AuthModes = config.Authentication.Modes.ToList(),
        Authentication = AuthenticationForm.From(config.Authentication),
        Endpoints = config.Endpoints.Select(e => new EndpointRow { Path = e.Path, Kind = e.Kind, MaxConnectionDurationMs = e.MaxConnectionDurationMs }).ToList(),
        HttpFallbackMode = config.HttpFallback.Mode,
        HttpFallbackHtml = config.HttpFallback.Html,
        HttpFallbackFolder = config.HttpFallback.Folder,
        HttpFallbackDefaultDocument = config.HttpFallback.DefaultDocument,
        Rate = RateForm.From(config.Throttling.Rate),
        PerClientIp = RateForm.From(config.Throttling.PerClientIp),
        MaxConnectionsPerClientIp = config.Throttling.MaxConnectionsPerClientIp,
        WorkersMaxConcurrent = config.Workers.MaxConcurrent,
        WorkersQueueLimit = config.Workers.QueueLimit,
        WorkersPriority = config.Workers.Priority,
    };

    /// <summary>Adds empty endpoint rows to type new endpoints into.</summary>
    public ListenerForm WithBlankRows()
    {
        Endpoints = Endpoints.Where(e => !string.IsNullOrWhiteSpace(e.Path)).ToList();
        for (var i = 0; i < BlankEndpointRows; i++)
        {
            Endpoints.Add(new EndpointRow());
        }

        return this;
    }

    /// <summary>
    /// The listener this form describes, on top of <paramref name="existing"/>. <paramref name="rows"/> maps each endpoint's
    /// index in the result back to its row on the form (blank rows are left out).
    /// </summary>
    public ListenerConfig ToConfig(ListenerConfig? existing, out IReadOnlyList<int> rows)
    {
        var kept = Endpoints.Select((e, i) => (Row: e, Index: i)).Where(e => !string.IsNullOrWhiteSpace(e.Row.Path)).ToList();
        rows = kept.Select(e => e.Index).ToList();
        var baseline = existing ?? new ListenerConfig();
        return baseline with
        {
            Id = existing?.Id ?? Id?.Trim() ?? "",
            Alias = Blank(Alias),
            Description = Blank(Description),
            Group = Blank(Group),
            Enabled = Enabled,
            Protocol = Protocol,
            Bindings = Lines(Bindings),
            Certificate = Blank(Certificate),
            KeyAlias = Blank(KeyAlias),
            PublicUrl = Blank(PublicUrl),
            AllowWebSocketUpgrade = AllowWebSocketUpgrade,
            Http2 = Http2,
            AllowedMethods = Words(AllowedMethods),
            AllowedHttpVersions = Words(AllowedHttpVersions),
            MaxConnectionDurationMs = MaxConnectionDurationMs,
            MaxConnections = MaxConnections,
            MaxMessageSize = MaxMessageSize,
            IdleTimeoutMs = IdleTimeoutMs,
            KeepAliveIntervalMs = KeepAliveIntervalMs,
            PongTimeoutMs = PongTimeoutMs,
            Backlog = Backlog,
            Workers = new WorkersConfig { MaxConcurrent = WorkersMaxConcurrent, QueueLimit = WorkersQueueLimit, Priority = WorkersPriority },
            Access = baseline.Access with { Mode = AccessMode, Allow = Lines(Allow), Deny = Lines(Deny) },
            Authentication = Authentication.ToConfig(baseline.Authentication, AuthModes.Distinct().ToList()),
            // A row edits the endpoint at its path; what the form does not show (the outbound queue) is kept.
            Endpoints = kept.Select(e => (baseline.Endpoints.FirstOrDefault(x => string.Equals(x.Path, e.Row.Path!.Trim(), StringComparison.OrdinalIgnoreCase)) ?? new EndpointConfig()) with
            {
                Path = e.Row.Path!.Trim(),
                Kind = e.Row.Kind,
                MaxConnectionDurationMs = e.Row.MaxConnectionDurationMs,
            }).ToList(),
            HttpFallback = baseline.HttpFallback with
            {
                Mode = HttpFallbackMode,
                Html = string.IsNullOrWhiteSpace(HttpFallbackHtml) ? null : HttpFallbackHtml,
                Folder = Blank(HttpFallbackFolder),
                DefaultDocument = Blank(HttpFallbackDefaultDocument) ?? "index.html",
            },

            // The outbound queue has no inputs here: it is kept as it was.
            Throttling = baseline.Throttling with
            {
                Rate = Rate.MessagesPerWindow == 0 && Rate.BytesPerWindow == 0 ? null : Rate.ToConfig(baseline.Throttling.Rate),
                PerClientIp = PerClientIp.MessagesPerWindow == 0 && PerClientIp.BytesPerWindow == 0 ? null : PerClientIp.ToConfig(baseline.Throttling.PerClientIp),
                MaxConnectionsPerClientIp = MaxConnectionsPerClientIp,
            },
        };
    }

    internal static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    internal static IReadOnlyList<string> Words(string? text) =>
        (text ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
