namespace WsGate.Storage;

/// <summary>A user as stored: the password only as a salted hash (<see cref="Identity.PasswordHasher"/>).</summary>
public sealed record StoredUser
{
    public required string Username { get; init; }

    public required string PasswordHash { get; init; }

    /// <summary>Admin roles: <c>admin</c>, <c>publisher</c>, <c>subscriber</c>, <c>operator</c> (see <see cref="Identity.Roles"/>).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Groups the user belongs to; listeners and APIs can admit only members of given groups.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    public string? Description { get; init; }

    public bool Enabled { get; init; } = true;

    public DateTimeOffset CreatedAt { get; init; }
}
