namespace WsGate.Storage;

/// <summary>A user as stored: the password only as a salted hash (<see cref="Identity.PasswordHasher"/>).</summary>
public sealed record StoredUser
{
    public required string Username { get; init; }

    public required string PasswordHash { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    public bool Enabled { get; init; } = true;

    public DateTimeOffset CreatedAt { get; init; }
}
