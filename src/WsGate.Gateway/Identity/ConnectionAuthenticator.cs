using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using WsGate.Configuration.Identity;
using WsGate.Protocol;
using WsGate.Storage;

namespace WsGate.Identity;

/// <summary>
/// Authenticates a WebSocket handshake against a listener's or API's <see cref="AuthenticationConfig"/>. The credential
/// present decides the mode (Basic header, bearer token, API key, URL credentials, and else the web application's
/// session when the forward mode is on); a mode that is not enabled is refused, never silently ignored. Every refusal
/// is a 401 or 403 with a reason code (502 or 503 when the forward endpoint fails), never an exception.
/// </summary>
public sealed class ConnectionAuthenticator
{
    public const int MaxCredentialLength = 8 * 1024;
    public const string AccessTokenProtocol = "access_token";

    private static readonly TimeSpan VerifiedFor = TimeSpan.FromSeconds(60);
    private static readonly Lazy<string> DummyHash = new(() => PasswordHasher.Hash(Secrets.New("")));
    private readonly IIdentityStore _store;
    private readonly AuthFailureGuard _failures;
    private readonly JwtValidator _jwt;
    private readonly TimeProvider _time;
    private readonly SystemAccounts _system;
    private readonly ForwardAuthenticator _forward;
    private readonly ConcurrentDictionary<string, (StoredUser User, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<string> Groups, DateTimeOffset Until)> _systemVerified = new(StringComparer.Ordinal);

    public ConnectionAuthenticator(
        IIdentityStore store, AuthFailureGuard failures, JwtValidator jwt, IdentityEvents events, SystemAccounts system, ForwardAuthenticator forward, TimeProvider time)
    {
        _store = store;
        _failures = failures;
        _jwt = jwt;
        _system = system;
        _forward = forward;
        _time = time;
        events.UsersChanged += _verified.Clear;
    }

    public async Task<AuthResult> AuthenticateAsync(HttpContext context, AuthenticationConfig config, IdentityConfig identity, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var remote = context.Connection.RemoteIpAddress?.ToString();
        var authorization = request.Headers.Authorization;
        if (authorization.Count > 1)
        {
            return AuthFailure.Unauthorized("malformed_authorization", "more than one Authorization header");
        }

        // A forward mode that sends Authorization to the application's endpoint leaves that header to the endpoint.
        var forward = config.Allows(AuthMode.Forward) ? config.Forward : null;
        var header = forward is not null && forward.Headers.Contains("Authorization", StringComparer.OrdinalIgnoreCase) ? "" : authorization.ToString();
        if (header.Length > MaxCredentialLength)
        {
            return AuthFailure.Unauthorized("header_too_large", $"the Authorization header is longer than {MaxCredentialLength} characters");
        }

        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (!config.Allows(AuthMode.Basic))
            {
                return NotEnabled(AuthMode.Basic);
            }

            if (!BasicCredentials.TryParse(header, out var username, out var password))
            {
                return AuthFailure.Unauthorized("malformed_basic", "the Basic credentials are not base64 of user:password");
            }

            return await CheckGroupsAsync(await PasswordAsync(AuthMode.Basic, username, password, remote, config, identity, cancellationToken), config);
        }

        var token = BearerToken(header, request);
        if (token is not null)
        {
            if (token.Length == 0 || token.Length > MaxCredentialLength)
            {
                return AuthFailure.Unauthorized("malformed_token", "the bearer token is empty or too long");
            }

            return await CheckGroupsAsync(await TokenAsync(token, config, identity, remote, cancellationToken), config);
        }

        if (header.Length > 0)
        {
            return AuthFailure.Unauthorized("unsupported_scheme", "the Authorization scheme must be Basic or Bearer");
        }

        var apiKey = request.Headers[config.ApiKeyHeader].ToString();
        if (apiKey.Length == 0)
        {
            apiKey = request.Query[config.ApiKeyQuery].ToString();
        }

        if (apiKey.Length > 0)
        {
            if (!config.Allows(AuthMode.ApiKey))
            {
                return NotEnabled(AuthMode.ApiKey);
            }

            return await CheckGroupsAsync(await ApiKeyAsync(apiKey, identity, remote, cancellationToken), config);
        }

        if (UrlCredentials.From(context) is { } url)
        {
            if (!config.Allows(AuthMode.Url))
            {
                return NotEnabled(AuthMode.Url);
            }

            return await CheckGroupsAsync(await PasswordAsync(AuthMode.Url, url.Username, url.Password, remote, config, identity, cancellationToken), config);
        }

        // The web application's session decides unless the handshake carries none and anonymous clients are welcome.
        if (forward is not null && (ForwardAuthenticator.HasCredentials(request, forward) || !config.Allows(AuthMode.Anonymous)))
        {
            return await CheckGroupsAsync(await _forward.AuthenticateAsync(context, forward, cancellationToken), config);
        }

        return config.Allows(AuthMode.Anonymous)
            ? AuthResult.Success(ConnectionPrincipal.Anonymous)
            : AuthFailure.Unauthorized("missing_credentials", "credentials are required: " + string.Join(", ", config.Modes.Select(Describe)));
    }

    /// <summary>A bearer token from the Authorization header, the access_token query parameter, or the subprotocol pair ["access_token", token].</summary>
    public static string? BearerToken(string authorization, HttpRequest request)
    {
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization[7..].Trim();
        }

        var query = request.Query["access_token"].ToString();
        if (query.Length > 0)
        {
            return query;
        }

        var protocols = WebSocketHandshake.RequestedSubProtocols(request);
        for (var i = 0; i < protocols.Count - 1; i++)
        {
            if (protocols[i] == AccessTokenProtocol)
            {
                return protocols[i + 1];
            }
        }

        return null;
    }

    /// <summary>
    /// A user's password on a public listener (Basic or URL credentials), checked where <see cref="AuthenticationConfig.Accounts"/>
    /// says: WsGate's users, the operating system's, or WsGate's first and the system's for a name WsGate does not know.
    /// </summary>
    private async Task<AuthResult> PasswordAsync(
        AuthMode mode, string username, string password, string? remote, AuthenticationConfig config, IdentityConfig identity, CancellationToken cancellationToken)
    {
        if (config.Accounts == AccountSource.System
            || (config.Accounts == AccountSource.Both && await _store.FindUserAsync(username, cancellationToken) is null))
        {
            return await SystemPasswordAsync(mode, username, password, remote, config.PamService, identity, cancellationToken);
        }

        var (user, failure) = await VerifyPasswordAsync(AuthScope.Public, username, password, remote, identity, cancellationToken);
        return user is null ? failure! : AuthResult.Success(Principal(mode, user));
    }

    /// <summary>
    /// An operating-system account's password through PAM, counted by the same failure guard as WsGate's users (under
    /// its own subject, so a WsGate user and a system account of the same name do not lock each other), with the same
    /// short cache of good answers.
    /// </summary>
    private async Task<AuthResult> SystemPasswordAsync(
        AuthMode mode, string username, string password, string? remote, string service, IdentityConfig identity, CancellationToken cancellationToken)
    {
        var source = remote is null ? null : AuthFailureGuard.SourceSubject(remote);
        var credential = AuthFailureGuard.SystemUserSubject(username);
        var standing = await _failures.CheckAsync(AuthScope.Public, credential, source, identity.Lockout, cancellationToken);
        if (standing.LockedFor is { } locked)
        {
            return LockedOut(locked);
        }

        var cacheKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(service + "\0" + username + "\0" + password)));
        if (!_systemVerified.TryGetValue(cacheKey, out var cached) || cached.Until <= _time.GetUtcNow())
        {
            var answer = await _system.VerifyAsync(service, username, password, cancellationToken);
            if (!answer.Verified)
            {
                await Task.Delay(await _failures.FailAsync(AuthScope.Public, credential, source, identity.Lockout, cancellationToken), _time, cancellationToken);
                return AuthFailure.Unauthorized("invalid_credentials", "unknown user or wrong password");
            }

            await _failures.SucceedAsync(AuthScope.Public, credential, standing, cancellationToken);
            cached = (answer.Groups, _time.GetUtcNow() + VerifiedFor);
            _systemVerified[cacheKey] = cached;
        }

        return AuthResult.Success(new ConnectionPrincipal(mode, username, cached.Groups, External: true));
    }

    /// <summary>
    /// Checks a user's password with failure counting in <paramref name="scope"/> and a short cache of good answers,
    /// and returns the user (the admin API reads its roles) or why it was refused.
    /// </summary>
    public async Task<(StoredUser? User, AuthFailure? Failure)> VerifyPasswordAsync(
        AuthScope scope, string username, string password, string? remote, IdentityConfig identity, CancellationToken cancellationToken)
    {
        var source = remote is null ? null : AuthFailureGuard.SourceSubject(remote);
        var credential = AuthFailureGuard.UserSubject(username);
        var standing = await _failures.CheckAsync(scope, credential, source, identity.Lockout, cancellationToken);
        if (standing.LockedFor is { } locked)
        {
            return (null, LockedOut(locked));
        }

        var cacheKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(username + "\0" + password)));
        if (!_verified.TryGetValue(cacheKey, out var cached) || cached.Until <= _time.GetUtcNow())
        {
            var stored = await _store.FindUserAsync(username, cancellationToken);

            // An unknown user costs the same hash as a known one, so the answer's timing does not tell which usernames exist.
            var verified = PasswordHasher.Verify(password, stored?.PasswordHash ?? DummyHash.Value);
            if (stored is null || !verified)
            {
                await Task.Delay(await _failures.FailAsync(scope, credential, source, identity.Lockout, cancellationToken), _time, cancellationToken);
                return (null, AuthFailure.Unauthorized("invalid_credentials", "unknown user or wrong password"));
            }

            await _failures.SucceedAsync(scope, credential, standing, cancellationToken);
            cached = (stored, _time.GetUtcNow() + VerifiedFor);
            _verified[cacheKey] = cached;
        }

        return cached.User.Enabled ? (cached.User, null) : (null, AuthFailure.Unauthorized("user_disabled", "the user is disabled"));
    }

    private async Task<AuthResult> TokenAsync(string token, AuthenticationConfig config, IdentityConfig identity, string? remote, CancellationToken cancellationToken)
    {
        var dots = token.Count(c => c == '.');
        if (dots == 4)
        {
            return AuthFailure.Unauthorized("jwe_not_supported", "encrypted tokens (JWE) are not accepted; send a signed JWT");
        }

        if (dots == 2)
        {
            if (!config.Allows(AuthMode.Jwt) || config.JwtIssuer is null || identity.FindIssuer(config.JwtIssuer) is not { } issuer)
            {
                return NotEnabled(AuthMode.Jwt);
            }

            return await _jwt.ValidateAsync(token, issuer, cancellationToken);
        }

        if (!config.Allows(AuthMode.OAuth2))
        {
            return NotEnabled(AuthMode.OAuth2);
        }

        var source = remote is null ? null : AuthFailureGuard.SourceSubject(remote);
        if ((await _failures.CheckAsync(AuthScope.Public, null, source, identity.Lockout, cancellationToken)).LockedFor is { } locked)
        {
            return LockedOut(locked);
        }

        var hash = Secrets.Hash(token);
        var stored = await _store.FindTokenAsync(hash, cancellationToken);
        if (stored is null)
        {
            await Task.Delay(await _failures.FailAsync(AuthScope.Public, null, source, identity.Lockout, cancellationToken), _time, cancellationToken);
            return AuthFailure.Unauthorized("invalid_token", "the access token is not known");
        }

        if (stored.RevokedAt is not null)
        {
            return AuthFailure.Unauthorized("token_revoked", "the access token has been revoked");
        }

        if (stored.ExpiresAt <= _time.GetUtcNow())
        {
            return AuthFailure.Unauthorized("token_expired", "the access token has expired");
        }

        var owner = await _store.FindUserAsync(stored.Username, cancellationToken);
        if (owner is null || !owner.Enabled)
        {
            return AuthFailure.Unauthorized("user_disabled", "the application's owner is disabled");
        }

        return AuthResult.Success(new ConnectionPrincipal(AuthMode.OAuth2, owner.Username, owner.Groups, stored.ApplicationId, stored.Environment, TokenHash: hash, ExpiresAt: stored.ExpiresAt));
    }

    private async Task<AuthResult> ApiKeyAsync(string apiKey, IdentityConfig identity, string? remote, CancellationToken cancellationToken)
    {
        if (apiKey.Length > MaxCredentialLength)
        {
            return AuthFailure.Unauthorized("malformed_api_key", "the API key is too long");
        }

        var source = remote is null ? null : AuthFailureGuard.SourceSubject(remote);
        if ((await _failures.CheckAsync(AuthScope.Public, null, source, identity.Lockout, cancellationToken)).LockedFor is { } locked)
        {
            return LockedOut(locked);
        }

        var hash = Secrets.Hash(apiKey);
        var key = await _store.FindKeyByApiKeyHashAsync(hash, cancellationToken);
        var application = key is null ? null : await _store.FindApplicationAsync(key.ApplicationId, cancellationToken);
        if (key is null || application is null)
        {
            await Task.Delay(await _failures.FailAsync(AuthScope.Public, null, source, identity.Lockout, cancellationToken), _time, cancellationToken);
            return AuthFailure.Unauthorized("invalid_api_key", "the API key is not known");
        }

        var owner = await _store.FindUserAsync(application.Owner, cancellationToken);
        if (owner is null || !owner.Enabled)
        {
            return AuthFailure.Unauthorized("user_disabled", "the application's owner is disabled");
        }

        return AuthResult.Success(new ConnectionPrincipal(AuthMode.ApiKey, owner.Username, owner.Groups, application.Id, key.Environment, ApiKeyHash: hash));
    }

    /// <summary>The same answer whether the address or the credential is locked, so it tells nothing about which accounts exist.</summary>
    public static AuthFailure LockedOut(TimeSpan lockedFor) =>
        AuthFailure.Unauthorized("locked_out", "too many failed attempts; try again later", lockedFor);

    private static Task<AuthResult> CheckGroupsAsync(AuthResult result, AuthenticationConfig config)
    {
        if (result.Principal is { } principal && config.Groups.Count > 0
            && !principal.Groups.Any(g => config.Groups.Contains(g, StringComparer.OrdinalIgnoreCase)))
        {
            return Task.FromResult<AuthResult>(AuthFailure.Forbidden("not_in_group", "only members of " + string.Join(", ", config.Groups) + " may connect"));
        }

        return Task.FromResult(result);
    }

    private static ConnectionPrincipal Principal(AuthMode mode, StoredUser user) => new(mode, user.Username, user.Groups);

    private static AuthFailure NotEnabled(AuthMode mode) =>
        AuthFailure.Unauthorized("mode_not_allowed", $"{Describe(mode)} authentication is not enabled here");

    private static string Describe(AuthMode mode) => mode switch
    {
        AuthMode.ApiKey => "apiKey",
        AuthMode.OAuth2 => "oauth2",
        _ => mode.ToString().ToLowerInvariant(),
    };
}
