using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>A user as the admin API shows it: never the password or its hash.</summary>
public sealed record UserView(string Username, IReadOnlyList<string> Roles, IReadOnlyList<string> Groups, string? Description, bool Enabled, DateTimeOffset CreatedAt)
{
    public static UserView From(StoredUser user) => new(user.Username, user.Roles, user.Groups, user.Description, user.Enabled, user.CreatedAt);
}
