using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using WsGate.Configuration.Apis;
using WsGate.Diagnostics;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Identity;

/// <summary>
/// The authorization code grant with PKCE (RFC 6749 section 4.1, RFC 7636, S256 only) and the refresh grant (section 6)
/// with rotation. The application's owner consents on the portal; the code is one-time, short-lived and bound to the
/// client, the exact redirect URI and the challenge. The code and the tokens it yields form one family: a replayed code
/// or a reused (rotated-away) refresh token revokes the whole family (OAuth 2.0 Security BCP). Applications are treated
/// as public clients here, as browser apps and the portal's try-it are: the secret is checked when sent, and the
/// verifier, the registered redirect URI and the owner's consent bind the code otherwise.
/// </summary>
public sealed class AuthorizationCodeGrant(IIdentityStore store, IdentityService identity, IdentityEvents events, LiveConfig live, TimeProvider time, ILogger<AuthorizationCodeGrant> logger)
{
    /// <summary>Checks an authorization request for the signed-in <paramref name="username"/>, in the order RFC 6749 section 4.1.2.1 asks.</summary>
    public async Task<AuthorizeDecision> CheckAsync(AuthorizeRequest request, string username, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ClientId))
        {
            return new(null, null, "The request names no client_id.", null);
        }

        var key = await store.FindKeyByConsumerKeyAsync(request.ClientId, cancellationToken);
        var application = key is null ? null : await store.FindApplicationAsync(key.ApplicationId, cancellationToken);
        if (key is null || application is null)
        {
            return new(null, null, "No application has this client_id (consumer key); its keys may have been regenerated.", null);
        }

        if (string.IsNullOrEmpty(request.RedirectUri))
        {
            return new(application, key, "The request names no redirect_uri; it must be one of the application's callback URLs.", null);
        }

        if (!CallbackUrls.IsRegistered(application.CallbackUrls, request.RedirectUri))
        {
            return new(application, key, $"The redirect_uri is not one of the callback URLs registered for {application.Name} (compared exactly, character for character).", null);
        }

        var redirectError = request switch
        {
            { ResponseType: not "code" } => new OAuthError("unsupported_response_type", "only response_type=code is supported"),
            { CodeChallenge: null or "" } => new OAuthError("invalid_request", "code_challenge is required (PKCE, RFC 7636)"),
            { CodeChallengeMethod: not Pkce.S256 } => new OAuthError("invalid_request", "code_challenge_method must be S256; plain is not supported"),
            _ when !Pkce.IsValidChallenge(request.CodeChallenge) => new OAuthError("invalid_request", "code_challenge must be 43 base64url characters (an S256 hash)"),
            _ when !string.Equals(application.Owner, username, StringComparison.OrdinalIgnoreCase) => new OAuthError("access_denied", "only the application's owner may authorize it"),
            _ => null,
        };
        return new(application, key, null, redirectError);
    }

    /// <summary>Issues a one-time code for a request <see cref="CheckAsync"/> allowed, after the owner consented.</summary>
    public async Task<string> IssueCodeAsync(AuthorizeDecision decision, AuthorizeRequest request, CancellationToken cancellationToken)
    {
        if (!decision.MayConsent)
        {
            throw new InvalidOperationException("a code is issued only for a request that may be consented to");
        }

        var code = Secrets.New("wsg_ac_");
        var now = time.GetUtcNow();
        await store.CreateAuthorizationCodeAsync(
            new StoredAuthorizationCode(
                Secrets.Hash(code),
                Guid.NewGuid().ToString("N"),
                decision.Application!.Id,
                decision.Key!.Environment,
                decision.Key.ConsumerKey,
                decision.Application.Owner,
                request.RedirectUri!,
                request.CodeChallenge!,
                now,
                now.AddSeconds(live.Current.Identity.AuthorizationCodeLifetimeSeconds),
                null),
            cancellationToken);
        return code;
    }

    /// <summary>The redirect URI with the answer's parameters added to its query (RFC 6749 section 4.1.2), <c>state</c> passed through.</summary>
    public static string Redirect(string redirectUri, string? state, params (string Name, string Value)[] parameters)
    {
        var all = parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)).ToList();
        if (!string.IsNullOrEmpty(state))
        {
            all.Add(new("state", state));
        }

        return QueryHelpers.AddQueryString(redirectUri, all);
    }

    /// <summary>Exchanges a code for an access and a refresh token (RFC 6749 section 4.1.3, RFC 7636 section 4.5).</summary>
    public async Task<(IssuedToken? Token, AuthFailure? Failure)> ExchangeCodeAsync(
        string clientId, string? clientSecret, string? code, string? redirectUri, string? codeVerifier, string? remote, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(redirectUri) || string.IsNullOrEmpty(codeVerifier))
        {
            return (null, BadRequest("invalid_request", "code, redirect_uri and code_verifier are required"));
        }

        var (key, failure) = await ClientAsync(clientId, clientSecret, remote, cancellationToken);
        if (key is null)
        {
            return (null, failure);
        }

        var now = time.GetUtcNow();
        var stored = await store.RedeemAuthorizationCodeAsync(Secrets.Hash(code), now, cancellationToken);
        if (stored is null)
        {
            return (null, InvalidGrant("unknown authorization code"));
        }

        if (stored.UsedAt is not null)
        {
            // RFC 6749 section 4.1.2: a code used twice was stolen, or the first answer was; what it yielded is revoked.
            IdentityLog.CodeReused(logger, stored.ApplicationId, stored.FamilyId);
            await RevokeFamilyAsync(stored.FamilyId, "authorization code reused", cancellationToken);
            return (null, InvalidGrant("the authorization code was already used; the tokens issued for it are revoked"));
        }

        var refusal = stored switch
        {
            _ when !string.Equals(stored.ConsumerKey, key.ConsumerKey, StringComparison.Ordinal) => "the authorization code was issued to another client",
            _ when stored.ExpiresAt <= now => "the authorization code has expired",
            _ when !string.Equals(stored.RedirectUri, redirectUri, StringComparison.Ordinal) => "redirect_uri differs from the authorization request's",
            _ when !Pkce.Matches(codeVerifier, stored.CodeChallenge) => "code_verifier does not match the code_challenge",
            _ => null,
        };
        if (refusal is not null)
        {
            return (null, InvalidGrant(refusal));
        }

        if (!await GrantStandsAsync(stored.ApplicationId, stored.Username, cancellationToken))
        {
            return (null, InvalidGrant("the application or its owner is gone or disabled"));
        }

        var (access, issued) = NewAccessToken(stored.ApplicationId, stored.Environment, stored.Username, stored.FamilyId, now);
        var refresh = Secrets.New("wsg_rt_");
        await store.CreateTokensAsync(
            access,
            new StoredRefreshToken(Secrets.Hash(refresh), stored.FamilyId, stored.ApplicationId, stored.Environment, stored.ConsumerKey, stored.Username, now,
                now.AddSeconds(live.Current.Identity.RefreshTokenLifetimeSeconds), null),
            cancellationToken);
        return (issued with { RefreshToken = refresh }, null);
    }

    /// <summary>
    /// The refresh grant (RFC 6749 section 6) with rotation: the used token is revoked and a successor issued that
    /// expires when the first of its family does; a token used a second time revokes the family.
    /// </summary>
    public async Task<(IssuedToken? Token, AuthFailure? Failure)> RefreshAsync(string clientId, string? clientSecret, string? refreshToken, string? remote, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            return (null, BadRequest("invalid_request", "refresh_token is required"));
        }

        var (key, failure) = await ClientAsync(clientId, clientSecret, remote, cancellationToken);
        if (key is null)
        {
            return (null, failure);
        }

        var now = time.GetUtcNow();
        var stored = await store.FindRefreshTokenAsync(Secrets.Hash(refreshToken), cancellationToken);
        if (stored is null || !string.Equals(stored.ConsumerKey, key.ConsumerKey, StringComparison.Ordinal))
        {
            return (null, InvalidGrant("unknown refresh token"));
        }

        if (stored.RevokedAt is null && stored.ExpiresAt <= now)
        {
            return (null, InvalidGrant("the refresh token has expired"));
        }

        if (stored.RevokedAt is null && !await GrantStandsAsync(stored.ApplicationId, stored.Username, cancellationToken))
        {
            return (null, InvalidGrant("the application or its owner is gone or disabled"));
        }

        var (access, issued) = NewAccessToken(stored.ApplicationId, stored.Environment, stored.Username, stored.FamilyId, now);
        var next = Secrets.New("wsg_rt_");
        var rotated = stored.RevokedAt is null && await store.RotateRefreshTokenAsync(
            stored.TokenHash,
            now,
            access,
            stored with { TokenHash = Secrets.Hash(next), CreatedAt = now, RevokedAt = null },
            cancellationToken);
        if (!rotated)
        {
            // Revoked already (rotated away, or by a concurrent use): someone else holds a copy, so nobody keeps the grant.
            IdentityLog.RefreshTokenReused(logger, stored.ApplicationId, stored.FamilyId);
            await RevokeFamilyAsync(stored.FamilyId, "refresh token reused", cancellationToken);
            return (null, InvalidGrant("the refresh token was already used or revoked; every token of its grant is now revoked"));
        }

        return (issued with { RefreshToken = next }, null);
    }

    /// <summary>Revokes the grant of a refresh token the client holds (RFC 7009 section 2.1: its access tokens too); false when it is not one.</summary>
    public async Task<bool> RevokeRefreshTokenAsync(string refreshToken, string applicationId, CancellationToken cancellationToken)
    {
        var stored = await store.FindRefreshTokenAsync(Secrets.Hash(refreshToken), cancellationToken);
        if (stored is null || stored.ApplicationId != applicationId)
        {
            return false;
        }

        await RevokeFamilyAsync(stored.FamilyId, "token revoked", cancellationToken);
        return true;
    }

    /// <summary>
    /// The client of a code or refresh request: authenticated by its secret when it sends one (failures counted as on
    /// the token endpoint), otherwise a public client named by its consumer key alone.
    /// </summary>
    private async Task<(StoredApplicationKey? Key, AuthFailure? Failure)> ClientAsync(string clientId, string? clientSecret, string? remote, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(clientSecret))
        {
            return await identity.AuthenticateClientAsync(clientId, clientSecret, remote, cancellationToken);
        }

        var key = await store.FindKeyByConsumerKeyAsync(clientId, cancellationToken);
        return key is null ? (null, AuthFailure.Unauthorized("invalid_client", "unknown client")) : (key, null);
    }

    private async Task<bool> GrantStandsAsync(string applicationId, string username, CancellationToken cancellationToken) =>
        await store.FindApplicationAsync(applicationId, cancellationToken) is { } application
        && await store.FindUserAsync(application.Owner, cancellationToken) is { Enabled: true } owner
        && string.Equals(owner.Username, username, StringComparison.OrdinalIgnoreCase);

    private (StoredToken Access, IssuedToken Issued) NewAccessToken(string applicationId, BackendEnvironment environment, string username, string familyId, DateTimeOffset now)
    {
        var lifetime = live.Current.Identity.AccessTokenLifetimeSeconds;
        var token = Secrets.New("wsg_at_");
        var access = new StoredToken(Secrets.Hash(token), applicationId, environment, username, now, now.AddSeconds(lifetime), null) { FamilyId = familyId };
        return (access, new IssuedToken(token, "Bearer", lifetime, environment.ToName()));
    }

    private async Task RevokeFamilyAsync(string familyId, string reason, CancellationToken cancellationToken)
    {
        foreach (var hash in await store.RevokeFamilyAsync(familyId, time.GetUtcNow(), cancellationToken))
        {
            events.Invalidate(new CredentialInvalidation(reason, TokenHash: hash));
        }
    }

    private static AuthFailure InvalidGrant(string detail) => BadRequest("invalid_grant", detail);

    private static AuthFailure BadRequest(string code, string detail) => new(StatusCodes.Status400BadRequest, code, detail);
}
