namespace WsGate.Configuration.Identity;

/// <summary>Who may connect to a listener's endpoints or to an API. Any listed mode whose credentials are present decides.</summary>
public sealed record AuthenticationConfig
{
    public const string DefaultPamService = "wsgate";

    public IReadOnlyList<AuthMode> Modes { get; init; } = [AuthMode.Anonymous];

    public string ApiKeyHeader { get; init; } = "X-API-Key";

    public string ApiKeyQuery { get; init; } = "apikey";

    /// <summary>Name of a configured JWT issuer, required with the <c>jwt</c> mode.</summary>
    public string? JwtIssuer { get; init; }

    /// <summary>Only members of at least one of these groups may connect (RoboTask's user rights); empty admits everyone authenticated.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Where Basic and URL credentials are checked: WsGate's users, the operating system's accounts (PAM), or both.</summary>
    public AccountSource Accounts { get; init; } = AccountSource.WsGate;

    /// <summary>The PAM service (a file in <c>/etc/pam.d/</c>) that checks operating-system accounts.</summary>
    public string PamService { get; init; } = DefaultPamService;

    /// <summary>The web application's session endpoint, required with the <c>forward</c> mode.</summary>
    public ForwardAuthConfig? Forward { get; init; }

    public bool Allows(AuthMode mode) => Modes.Contains(mode);
}
