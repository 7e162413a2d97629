namespace WsGate.Identity;

/// <summary>What the operating system said about a user name and password: the user's groups, or why not.</summary>
public sealed record SystemAccountResult(bool Verified, IReadOnlyList<string> Groups, string? Reason)
{
    public static SystemAccountResult Refused(string reason) => new(false, [], reason);
}
