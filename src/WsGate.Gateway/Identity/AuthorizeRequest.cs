namespace WsGate.Identity;

/// <summary>The parameters of an authorization request (RFC 6749 section 4.1.1, RFC 7636 section 4.3), as sent.</summary>
public sealed record AuthorizeRequest(
    string? ResponseType,
    string? ClientId,
    string? RedirectUri,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string? State);
