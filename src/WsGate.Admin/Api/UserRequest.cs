namespace WsGate.Admin.Api;

/// <summary>Body of a user create (all required but description) or update (only the fields given change).</summary>
public sealed record UserRequest
{
    public string? Username { get; init; }

    public string? Password { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }

    public IReadOnlyList<string>? Groups { get; init; }

    public string? Description { get; init; }

    public bool? Enabled { get; init; }
}
