namespace WsGate.Admin.Console.Users;

/// <summary>The user form; field names follow the identity service's errors (username, password, roles, groups).</summary>
public sealed class UserForm
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    public List<string> Roles { get; set; } = [];

    public List<string> Groups { get; set; } = [];

    public string? Description { get; set; }

    public bool Enabled { get; set; } = true;

    public static IReadOnlyCollection<string> FieldNames { get; } = [nameof(Username), nameof(Password), nameof(Roles), nameof(Groups), nameof(Description), nameof(Enabled)];
}
