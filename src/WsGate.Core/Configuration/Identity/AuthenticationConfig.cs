namespace WsGate.Configuration.Identity;

/// <summary>Who may connect to a listener's endpoints or to an API. Any listed mode whose credentials are present decides.</summary>
public sealed record AuthenticationConfig
{
    public IReadOnlyList<AuthMode> Modes { get; init; } = [AuthMode.Anonymous];

    public string ApiKeyHeader { get; init; } = "X-API-Key";

    public string ApiKeyQuery { get; init; } = "apikey";

    /// <summary>Name of a configured JWT issuer, required with the <c>jwt</c> mode.</summary>
    public string? JwtIssuer { get; init; }

    /// <summary>Only members of at least one of these groups may connect (RoboTask's user rights); empty admits everyone authenticated.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    public bool Allows(AuthMode mode) => Modes.Contains(mode);
}
