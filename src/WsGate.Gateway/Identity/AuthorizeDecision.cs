namespace WsGate.Identity;

/// <summary>
/// What an authorization request may lead to. With an unknown client or a redirect URI that is not registered exactly,
/// <see cref="UserError"/> is shown to the user and nothing is redirected (RFC 6749 section 4.1.2.1); any other problem
/// is <see cref="RedirectError"/>, sent back to the client's redirect URI; with neither the user may consent.
/// </summary>
public sealed record AuthorizeDecision(StoredApplication? Application, StoredApplicationKey? Key, string? UserError, OAuthError? RedirectError)
{
    public bool MayConsent => UserError is null && RedirectError is null;
}
