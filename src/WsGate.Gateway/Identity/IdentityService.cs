using System.Text.RegularExpressions;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Routing;
using WsGate.Storage;

namespace WsGate.Identity;

/// <summary>
/// The identity operations behind the admin API and the token endpoint: users and groups, applications with keys,
/// subscriptions, and tokens. Input is checked here with errors naming the field; every change that takes a credential
/// away raises an invalidation so live connections using it are closed.
/// </summary>
public sealed partial class IdentityService(IIdentityStore store, IdentityEvents events, AuthFailureGuard failures, LiveConfig live, TimeProvider time)
{
    public const int MinPasswordLength = 8;

    public async Task<StoredUser> CreateUserAsync(string? username, string? password, IReadOnlyList<string>? roles, IReadOnlyList<string>? groups, string? description, bool enabled, CancellationToken cancellationToken)
    {
        var errors = new ErrorSink();
        if (username is null || !UsernamePattern().IsMatch(username))
        {
            errors.Add("username", "must be 1-64 characters of letters, digits, '.', '_', '-' or '@'");
        }

        CheckPassword(password, errors);
        CheckRoles(roles ?? [], errors);
        await CheckGroupsAsync(groups ?? [], errors, cancellationToken);
        errors.ThrowIfAny();
        if (await store.FindUserAsync(username!, cancellationToken) is not null)
        {
            throw new ConfigValidationException("username", $"a user named '{username}' already exists");
        }

        var user = new StoredUser
        {
            Username = username!,
            PasswordHash = PasswordHasher.Hash(password!),
            Roles = Normalize(roles),
            Groups = groups ?? [],
            Description = description,
            Enabled = enabled,
            CreatedAt = time.GetUtcNow(),
        };
        await store.CreateUserAsync(user, cancellationToken);
        return user;
    }

    /// <summary>Changes the given fields of a user; disabling one closes their connections, a new password ends cached logins.</summary>
    public async Task<StoredUser?> UpdateUserAsync(string username, string? password, IReadOnlyList<string>? roles, IReadOnlyList<string>? groups, string? description, bool? enabled, CancellationToken cancellationToken)
    {
        var user = await store.FindUserAsync(username, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var errors = new ErrorSink();
        if (password is not null)
        {
            CheckPassword(password, errors);
        }

        if (roles is not null)
        {
            CheckRoles(roles, errors);
        }

        if (groups is not null)
        {
            await CheckGroupsAsync(groups, errors, cancellationToken);
        }

        errors.ThrowIfAny();
        var updated = user with
        {
            PasswordHash = password is null ? user.PasswordHash : PasswordHasher.Hash(password),
            Roles = roles is null ? user.Roles : Normalize(roles),
            Groups = groups ?? user.Groups,
            Description = description ?? user.Description,
            Enabled = enabled ?? user.Enabled,
        };
        await store.UpdateUserAsync(updated, cancellationToken);
        events.RaiseUsersChanged();
        if (user.Enabled && !updated.Enabled)
        {
            events.Invalidate(new CredentialInvalidation("user disabled", Username: user.Username));
        }

        return updated;
    }

    public async Task<bool> DeleteUserAsync(string username, CancellationToken cancellationToken)
    {
        if (!await store.DeleteUserAsync(username, cancellationToken))
        {
            return false;
        }

        events.RaiseUsersChanged();
        events.Invalidate(new CredentialInvalidation("user deleted", Username: username));
        return true;
    }

    public async Task<StoredGroup> CreateGroupAsync(string? name, string? description, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValidAlias(name))
        {
            throw new ConfigValidationException("name", Identifiers.AliasRule);
        }

        var group = new StoredGroup(name!, description, time.GetUtcNow());
        if (!await store.CreateGroupAsync(group, cancellationToken))
        {
            throw new ConfigValidationException("name", $"a group named '{name}' already exists");
        }

        return group;
    }

    public async Task<bool> DeleteGroupAsync(string name, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteGroupAsync(name, cancellationToken);
        if (deleted)
        {
            events.RaiseUsersChanged();
        }

        return deleted;
    }

    public async Task<StoredApplication> CreateApplicationAsync(string owner, string? name, string? description, IReadOnlyList<string>? callbackUrls, CancellationToken cancellationToken)
    {
        var errors = new ErrorSink();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128)
        {
            errors.Add("name", "is required, at most 128 characters");
        }

        CheckCallbackUrls(callbackUrls ?? [], errors);
        errors.ThrowIfAny();
        var application = new StoredApplication("app_" + Secrets.New("")[..16], owner, name!.Trim(), description, time.GetUtcNow()) { CallbackUrls = callbackUrls ?? [] };
        if (!await store.CreateApplicationAsync(application, cancellationToken))
        {
            throw new ConfigValidationException("name", $"'{owner}' already has an application named '{name}'");
        }

        return application;
    }

    /// <summary>The application WSO2's developer portal gives every subscriber at their first sign-in.</summary>
    public const string DefaultApplicationName = "DefaultApplication";

    /// <summary>
    /// Creates <paramref name="owner"/>'s <see cref="DefaultApplicationName"/>; null when they already have an application
    /// of that name (made by a sign-in at the same moment, or by hand). The store's unique owner and name decide, so
    /// concurrent calls create one.
    /// </summary>
    public async Task<StoredApplication?> CreateDefaultApplicationAsync(string owner, CancellationToken cancellationToken)
    {
        var application = new StoredApplication(
            "app_" + Secrets.New("")[..16],
            owner,
            DefaultApplicationName,
            "Made for you at your first sign-in to the developer portal.",
            time.GetUtcNow());
        return await store.CreateApplicationAsync(application, cancellationToken) ? application : null;
    }

    /// <summary>
    /// Changes the given fields of an application. Codes already issued to a callback URL that is removed stay bound to
    /// it and are refused at the token endpoint, which compares the redirect URI with the code's.
    /// </summary>
    public async Task<StoredApplication?> UpdateApplicationAsync(string id, string? description, IReadOnlyList<string>? callbackUrls, CancellationToken cancellationToken)
    {
        var application = await store.FindApplicationAsync(id, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var errors = new ErrorSink();
        CheckCallbackUrls(callbackUrls ?? [], errors);
        errors.ThrowIfAny();
        var updated = application with { Description = description ?? application.Description, CallbackUrls = callbackUrls ?? application.CallbackUrls };
        return await store.UpdateApplicationAsync(updated, cancellationToken) ? updated : null;
    }

    public async Task<bool> DeleteApplicationAsync(string id, CancellationToken cancellationToken)
    {
        if (!await store.DeleteApplicationAsync(id, cancellationToken))
        {
            return false;
        }

        events.Invalidate(new CredentialInvalidation("application deleted", ApplicationId: id));
        return true;
    }

    /// <summary>Generates (or regenerates) the consumer key and secret and the API key of an environment; old tokens and keys stop working.</summary>
    public async Task<IssuedKeys> GenerateKeysAsync(string applicationId, BackendEnvironment environment, CancellationToken cancellationToken)
    {
        var previous = (await store.ListKeysAsync(applicationId, cancellationToken)).FirstOrDefault(k => k.Environment == environment);
        var issued = new IssuedKeys(applicationId, environment, Secrets.New("ck_"), Secrets.New("cs_"), Secrets.New("wsg_ak_"));
        await store.SaveKeyAsync(
            new StoredApplicationKey(applicationId, environment, issued.ConsumerKey, Secrets.Hash(issued.ConsumerSecret), Secrets.Hash(issued.ApiKey), time.GetUtcNow()),
            cancellationToken);
        var revoked = await store.RevokeTokensAsync(applicationId, environment.ToName(), time.GetUtcNow(), cancellationToken);
        foreach (var hash in revoked)
        {
            events.Invalidate(new CredentialInvalidation("token revoked", TokenHash: hash));
        }

        if (previous?.ApiKeyHash is { } oldKey)
        {
            events.Invalidate(new CredentialInvalidation("API key revoked", ApiKeyHash: oldKey));
        }

        return issued;
    }

    public async Task<StoredSubscription> SubscribeAsync(string applicationId, string? apiId, string? tier, CancellationToken cancellationToken)
    {
        var errors = new ErrorSink();
        var api = apiId is null ? null : live.Current.FindApi(apiId);
        if (api is null)
        {
            errors.Add("apiId", $"no API '{apiId}'");
        }
        else if (!api.Lifecycle.AcceptsConnections())
        {
            // A prototype admits as a published API does, subscription check included, so consumers subscribe to try it.
            errors.Add("apiId", $"API '{apiId}' is {api.Lifecycle.ToString().ToLowerInvariant()}; only published and prototyped APIs take subscriptions");
        }

        // Tiers are configuration (GET /api/v1/tiers); a subscription names one by its exact spelling. An API that lists
        // its tiers takes subscriptions under those only; without a tier, Unlimited when offered, else the first it lists.
        var tiers = api?.OfferedTiers(live.Current.Tiers) ?? live.Current.Tiers;
        var tierName = tier is null ? tiers.FirstOrDefault(t => t.Name == "Unlimited")?.Name ?? (tiers.Count > 0 ? tiers[0].Name : null) : live.Current.FindTier(tier)?.Name;
        if (tierName is null)
        {
            errors.Add("tier", tiers.Count == 0 ? "no tiers are defined; create one first" : "must be one of " + string.Join(", ", tiers.Select(t => t.Name)));
        }
        else if (api is not null && !api.Offers(tierName))
        {
            errors.Add("tier", $"API '{api.Id}' is not offered under the {tierName} tier; it is offered under {string.Join(", ", tiers.Select(t => t.Name))}");
        }

        errors.ThrowIfAny();
        var subscription = new StoredSubscription(applicationId, api!.Id, tierName!, time.GetUtcNow());
        await store.SaveSubscriptionAsync(subscription, cancellationToken);
        return subscription;
    }

    public async Task<bool> UnsubscribeAsync(string applicationId, string apiId, CancellationToken cancellationToken)
    {
        if (!await store.DeleteSubscriptionAsync(applicationId, apiId, cancellationToken))
        {
            return false;
        }

        events.Invalidate(new CredentialInvalidation("subscription removed", ApplicationId: applicationId, ApiId: apiId));
        return true;
    }

    /// <summary>
    /// The client-credentials grant: a token for the application whose consumer key and secret these are, or why not
    /// (the same <c>invalid_client</c> whether the key is unknown or the secret wrong, or <c>locked_out</c>).
    /// </summary>
    public async Task<(IssuedToken? Token, AuthFailure? Failure)> IssueTokenAsync(string consumerKey, string consumerSecret, string? remote, CancellationToken cancellationToken)
    {
        var (key, failure) = await AuthenticateClientAsync(consumerKey, consumerSecret, remote, cancellationToken);
        var application = key is null ? null : await store.FindApplicationAsync(key.ApplicationId, cancellationToken);
        if (key is null || application is null || await store.FindUserAsync(application.Owner, cancellationToken) is not { Enabled: true })
        {
            return (null, failure ?? InvalidClient);
        }

        var lifetime = live.Current.Identity.AccessTokenLifetimeSeconds;
        var token = Secrets.New("wsg_at_");
        var now = time.GetUtcNow();
        await store.CreateTokenAsync(
            new StoredToken(Secrets.Hash(token), application.Id, key.Environment, application.Owner, now, now.AddSeconds(lifetime), null),
            cancellationToken);
        return (new IssuedToken(token, "Bearer", lifetime, key.Environment.ToName()), null);
    }

    /// <summary>
    /// An application's consumer key and secret, with failures counted like passwords on the public listeners: per
    /// consumer key and per source address (<paramref name="remote"/>).
    /// </summary>
    public async Task<(StoredApplicationKey? Key, AuthFailure? Failure)> AuthenticateClientAsync(string consumerKey, string consumerSecret, string? remote, CancellationToken cancellationToken)
    {
        var lockout = live.Current.Identity.Lockout;
        var source = remote is null ? null : AuthFailureGuard.SourceSubject(remote);
        var credential = AuthFailureGuard.ClientSubject(consumerKey);
        var standing = await failures.CheckAsync(AuthScope.Public, credential, source, lockout, cancellationToken);
        if (standing.LockedFor is { } locked)
        {
            return (null, ConnectionAuthenticator.LockedOut(locked));
        }

        var key = await store.FindKeyByConsumerKeyAsync(consumerKey, cancellationToken);
        if (key is null || !Secrets.FixedTimeEquals(key.ConsumerSecretHash, Secrets.Hash(consumerSecret)))
        {
            await Task.Delay(await failures.FailAsync(AuthScope.Public, credential, source, lockout, cancellationToken), time, cancellationToken);
            return (null, InvalidClient);
        }

        await failures.SucceedAsync(AuthScope.Public, credential, standing, cancellationToken);
        return (key, null);
    }

    /// <summary>A public client (one that sends no secret): its key by consumer key, or null.</summary>
    public Task<StoredApplicationKey?> FindClientAsync(string consumerKey, CancellationToken cancellationToken) =>
        store.FindKeyByConsumerKeyAsync(consumerKey, cancellationToken);

    private static AuthFailure InvalidClient => AuthFailure.Unauthorized("invalid_client", "unknown client or wrong secret");

    /// <summary>Revokes a token (RFC 7009); connections using it are closed after the grace.</summary>
    public async Task RevokeTokenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(token);
        if (await store.RevokeTokenAsync(hash, time.GetUtcNow(), cancellationToken))
        {
            events.Invalidate(new CredentialInvalidation("token revoked", TokenHash: hash));
        }
    }

    public Task<StoredToken?> FindTokenAsync(string token, CancellationToken cancellationToken) =>
        store.FindTokenAsync(Secrets.Hash(token), cancellationToken);

    private static void CheckPassword(string? password, ErrorSink errors)
    {
        if (password is null || password.Length < MinPasswordLength || password.Length > 1024)
        {
            errors.Add("password", $"must be {MinPasswordLength} to 1024 characters");
        }
    }

    private static void CheckCallbackUrls(IReadOnlyList<string> urls, ErrorSink errors)
    {
        if (urls.Count > CallbackUrls.MaxCount)
        {
            errors.Add("callbackUrls", $"at most {CallbackUrls.MaxCount} callback URLs");
        }

        for (var i = 0; i < urls.Count; i++)
        {
            if (CallbackUrls.Problem(urls[i]) is { } problem)
            {
                errors.Add($"callbackUrls[{i}]", problem);
            }
            else if (urls.Take(i).Contains(urls[i], StringComparer.Ordinal))
            {
                errors.Add($"callbackUrls[{i}]", "is listed twice");
            }
        }
    }

    private static void CheckRoles(IReadOnlyList<string> roles, ErrorSink errors)
    {
        for (var i = 0; i < roles.Count; i++)
        {
            if (!Roles.IsKnown(roles[i]))
            {
                errors.Add($"roles[{i}]", "must be admin, publisher, subscriber or operator");
            }
        }
    }

    private async Task CheckGroupsAsync(IReadOnlyList<string> groups, ErrorSink errors, CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
        {
            return;
        }

        var known = (await store.ListGroupsAsync(cancellationToken)).Select(g => g.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < groups.Count; i++)
        {
            if (!known.Contains(groups[i]))
            {
                errors.Add($"groups[{i}]", $"no group '{groups[i]}'");
            }
        }
    }

    private static string[] Normalize(IReadOnlyList<string>? roles) =>
        (roles ?? []).Select(r => Roles.All.First(k => string.Equals(k, r, StringComparison.OrdinalIgnoreCase))).Distinct().ToArray();

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UsernamePattern();
}
