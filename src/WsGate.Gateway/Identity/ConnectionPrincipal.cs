using WsGate.Configuration.Apis;
using WsGate.Configuration.Identity;

namespace WsGate.Identity;

/// <summary>
/// Who a connection authenticated as, kept with the connection so the credential is checked again while it is open:
/// the token's expiry, revocation, the user's enabled flag and the application's subscription. <c>External</c> marks
/// a user WsGate does not keep (an operating-system account, or the web application's session in the forward mode),
/// whose name is never looked up in WsGate's user list.
/// </summary>
public sealed record ConnectionPrincipal(
    AuthMode Mode,
    string? Username,
    IReadOnlyList<string> Groups,
    string? ApplicationId = null,
    BackendEnvironment? Environment = null,
    string? TokenHash = null,
    string? ApiKeyHash = null,
    DateTimeOffset? ExpiresAt = null,
    bool External = false)
{
    public static ConnectionPrincipal Anonymous { get; } = new(AuthMode.Anonymous, null, []);

    /// <summary>True when the credential belongs to an application (API key or WsGate token), which subscriptions apply to.</summary>
    public bool IsApplication => ApplicationId is not null;
}
