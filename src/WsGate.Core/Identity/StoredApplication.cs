namespace WsGate.Identity;

/// <summary>A user's application (WSO2's application): it holds keys per environment and subscribes to APIs.</summary>
public sealed record StoredApplication(string Id, string Owner, string Name, string? Description, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The redirect URIs the authorization code grant may send a code to, compared exactly as registered
    /// (<see cref="CallbackUrls"/>); none means the application cannot use that grant.
    /// </summary>
    public IReadOnlyList<string> CallbackUrls { get; init; } = [];

    // Two reads of one stored application are equal: the list compares by its URLs, not by reference.
    public bool Equals(StoredApplication? other) =>
        other is not null && Id == other.Id && Owner == other.Owner && Name == other.Name && Description == other.Description
        && CreatedAt == other.CreatedAt && CallbackUrls.SequenceEqual(other.CallbackUrls, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Id, Owner, Name, Description, CreatedAt, CallbackUrls.Count);
}
