using WsGate.Admin.Console.Listeners;
using WsGate.Admin.Console.Tiers;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Identity;

namespace WsGate.Admin.Console.Apis;

/// <summary>
/// The API form: what a publisher sets when creating a WebSocket API (WSO2 Publisher's design and implement steps), named
/// after <see cref="ApiConfig"/>'s properties so validation errors land on their input. Settings the form has no input
/// for (handshake policies, per-client-IP rates, the outbound queue, routing with its routes' schemas, a mock reply's
/// regex timeout) are kept.
/// </summary>
public sealed class ApiForm
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Context { get; set; }

    public string? Version { get; set; }

    public bool IsDefaultVersion { get; set; }

    public string? Description { get; set; }

    public List<string> Listeners { get; set; } = [];

    public RelayMode RelayMode { get; set; }

    /// <summary>Backend URLs, one per line.</summary>
    public string? ProductionUrls { get; set; }

    public string? SandboxUrls { get; set; }

    public LoadBalancing Strategy { get; set; }

    public List<AuthMode> AuthModes { get; set; } = [];

    public bool UseListenerAuthentication { get; set; }

    public AuthenticationForm Authentication { get; set; } = new();

    public bool SubscriptionRequired { get; set; }

    /// <summary>The tiers subscriptions may use; none ticked offers every tier.</summary>
    public List<string> Tiers { get; set; } = [];

    public int ConnectTimeoutMs { get; set; } = 5000;

    public bool ReconnectOnBackendLoss { get; set; }

    /// <summary>The API's own allowance for all its consumers together (<c>throttling.rate</c>); no limit when both quantities are 0.</summary>
    public RateForm Rate { get; set; } = new();

    public int MaxConnectionsPerClientIp { get; set; }

    /// <summary>
    /// The API's limits, health checks and backend TLS, bound to the config records themselves: every property of each
    /// has its input, so the validator's paths (<c>limits.maxMessageSize</c>) name the inputs (<c>Form.Limits.MaxMessageSize</c>).
    /// </summary>
    public ApiLimitsConfig Limits { get; set; } = new();

    public HealthCheckConfig HealthCheck { get; set; } = new();

    public BackendTlsConfig BackendTls { get; set; } = new();

    /// <summary>What answers the API while it is prototyped.</summary>
    public MockForm Mock { get; set; } = new();

    public MessageSchemaForm MessageSchema { get; set; } = new();

    /// <summary>The inputs errors can land on; the mock's rows are as many as were posted.</summary>
    public IReadOnlyCollection<string> FieldNames =>
    [
        .. MockForm.FieldsUnder(nameof(Mock), Mock.Replies.Count),
        nameof(Id), nameof(Name), nameof(Context), nameof(Version), nameof(IsDefaultVersion), nameof(Description), nameof(Listeners), nameof(RelayMode),
        nameof(ProductionUrls), nameof(SandboxUrls), nameof(Strategy), nameof(AuthModes), .. AuthenticationForm.FieldsUnder(nameof(Authentication)), nameof(SubscriptionRequired), nameof(Tiers), nameof(ConnectTimeoutMs),
        nameof(ReconnectOnBackendLoss), nameof(MaxConnectionsPerClientIp), .. RateForm.FieldsUnder(nameof(Rate)),
        .. FormErrors.Under<ApiLimitsConfig>(nameof(Limits)), .. FormErrors.Under<HealthCheckConfig>(nameof(HealthCheck)),
        .. FormErrors.Under<BackendTlsConfig>(nameof(BackendTls)), nameof(MessageSchema), .. FormErrors.Under<MessageSchemaForm>(nameof(MessageSchema)),
    ];

    public static ApiForm From(ApiConfig config) => new()
    {
        Id = config.Id,
        Name = config.Name,
        Context = config.Context,
        Version = config.Version,
        IsDefaultVersion = config.IsDefaultVersion,
        Description = config.Description,
        Listeners = config.Listeners.ToList(),
        RelayMode = config.RelayMode,
        ProductionUrls = string.Join('\n', config.Endpoints.Production.Urls),
        SandboxUrls = string.Join('\n', config.Endpoints.Sandbox.Urls),
        Strategy = config.Endpoints.Production.Strategy,
        UseListenerAuthentication = config.Authentication is null,
        AuthModes = config.Authentication?.Modes.ToList() ?? [],
        Authentication = AuthenticationForm.From(config.Authentication),
        SubscriptionRequired = config.SubscriptionRequired,
        Tiers = config.Tiers.ToList(),
        ConnectTimeoutMs = config.ConnectTimeoutMs,
        ReconnectOnBackendLoss = config.ReconnectOnBackendLoss,
        Rate = RateForm.From(config.Throttling.Rate),
        MaxConnectionsPerClientIp = config.Throttling.MaxConnectionsPerClientIp,
        Limits = config.Limits,
        HealthCheck = config.HealthCheck,
        BackendTls = config.BackendTls,
        Mock = MockForm.From(config.Mock),
        MessageSchema = MessageSchemaForm.From(config.MessageSchema),
    };

    /// <summary>The API as the form sets it; schema text that is not JSON throws <see cref="WsGate.Configuration.Validation.ConfigValidationException"/> naming its direction.</summary>
    public ApiConfig ToConfig(ApiConfig? existing)
    {
        var baseline = existing ?? new ApiConfig();
        return baseline with
        {
            Id = existing?.Id ?? Id?.Trim() ?? "",
            Name = Name?.Trim() ?? "",
            Context = Context?.Trim() ?? "",
            Version = Version?.Trim() ?? "",
            IsDefaultVersion = IsDefaultVersion,
            Description = ListenerForm.Blank(Description),
            Listeners = Listeners.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            RelayMode = RelayMode,
            Endpoints = baseline.Endpoints with
            {
                Production = baseline.Endpoints.Production with { Urls = ListenerForm.Lines(ProductionUrls), Strategy = Strategy },
                Sandbox = baseline.Endpoints.Sandbox with { Urls = ListenerForm.Lines(SandboxUrls), Strategy = Strategy },
            },
            Authentication = UseListenerAuthentication ? null : Authentication.ToConfig(baseline.Authentication ?? new AuthenticationConfig(), AuthModes.Distinct().ToList()),
            SubscriptionRequired = SubscriptionRequired,
            Tiers = Tiers.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            ConnectTimeoutMs = ConnectTimeoutMs,
            ReconnectOnBackendLoss = ReconnectOnBackendLoss,
            Throttling = baseline.Throttling with
            {
                Rate = Rate.MessagesPerWindow == 0 && Rate.BytesPerWindow == 0 ? null : Rate.ToConfig(baseline.Throttling.Rate),
                MaxConnectionsPerClientIp = MaxConnectionsPerClientIp,
            },
            Limits = Limits,
            HealthCheck = HealthCheck,
            Mock = Mock.ToConfig(baseline.Mock),
            BackendTls = BackendTls with
            {
                CaBundleFile = ListenerForm.Blank(BackendTls.CaBundleFile),
                ClientCertificate = ListenerForm.Blank(BackendTls.ClientCertificate),
                SniOverride = ListenerForm.Blank(BackendTls.SniOverride),
            },
            MessageSchema = MessageSchema.ToConfig(),
        };
    }

    /// <summary>Config paths to the form's inputs: backend URLs of an environment to its text area, modes to the checkboxes.</summary>
    public static string Rename(string path) => path switch
    {
        _ when path.StartsWith("endpoints.production.strategy", StringComparison.Ordinal) => "strategy",
        _ when path.StartsWith("endpoints.sandbox.strategy", StringComparison.Ordinal) => "strategy",
        _ when path.StartsWith("endpoints.production.urls", StringComparison.Ordinal) => "productionUrls" + path["endpoints.production.urls".Length..],
        _ when path.StartsWith("endpoints.sandbox.urls", StringComparison.Ordinal) => "sandboxUrls" + path["endpoints.sandbox.urls".Length..],
        _ when path.StartsWith("endpoints.production", StringComparison.Ordinal) => "productionUrls",
        _ when path.StartsWith("endpoints.sandbox", StringComparison.Ordinal) => "sandboxUrls",
        _ when path.StartsWith("authentication", StringComparison.Ordinal) => AuthenticationForm.Rename(path),
        _ when path.StartsWith("throttling.rate", StringComparison.Ordinal) => path["throttling.".Length..],
        "throttling.maxConnectionsPerClientIp" => "maxConnectionsPerClientIp",
        _ when path.StartsWith("mock", StringComparison.Ordinal) => MockForm.Rename(path),
        _ => path,
    };
}
