using WsGate.Identity;

namespace WsGate.Storage;

/// <summary>Users, groups, applications with their keys, subscriptions and tokens. Each call is one transaction.</summary>
public interface IIdentityStore : IUserStore
{
    Task<IReadOnlyList<StoredUser>> ListUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces a user's fields; false when there is no such user.</summary>
    Task<bool> UpdateUserAsync(StoredUser user, CancellationToken cancellationToken = default);

    Task<bool> DeleteUserAsync(string username, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredGroup>> ListGroupsAsync(CancellationToken cancellationToken = default);

    /// <summary>False when a group with that name exists.</summary>
    Task<bool> CreateGroupAsync(StoredGroup group, CancellationToken cancellationToken = default);

    /// <summary>Deletes a group and removes it from every user.</summary>
    Task<bool> DeleteGroupAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredApplication>> ListApplicationsAsync(string? owner, CancellationToken cancellationToken = default);

    Task<StoredApplication?> FindApplicationAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>False when the owner already has an application with that name.</summary>
    Task<bool> CreateApplicationAsync(StoredApplication application, CancellationToken cancellationToken = default);

    /// <summary>Replaces an application's description and callback URLs; false when there is no such application.</summary>
    Task<bool> UpdateApplicationAsync(StoredApplication application, CancellationToken cancellationToken = default);

    /// <summary>Deletes an application with its keys, subscriptions and tokens.</summary>
    Task<bool> DeleteApplicationAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the application's key for its environment (regenerating keys revokes the old ones).</summary>
    Task SaveKeyAsync(StoredApplicationKey key, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredApplicationKey>> ListKeysAsync(string applicationId, CancellationToken cancellationToken = default);

    Task<StoredApplicationKey?> FindKeyByConsumerKeyAsync(string consumerKey, CancellationToken cancellationToken = default);

    Task<StoredApplicationKey?> FindKeyByApiKeyHashAsync(string apiKeyHash, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredSubscription>> ListSubscriptionsAsync(string? applicationId, string? apiId, CancellationToken cancellationToken = default);

    /// <summary>Creates or changes the tier of a subscription.</summary>
    Task SaveSubscriptionAsync(StoredSubscription subscription, CancellationToken cancellationToken = default);

    Task<bool> DeleteSubscriptionAsync(string applicationId, string apiId, CancellationToken cancellationToken = default);

    Task CreateTokenAsync(StoredToken token, CancellationToken cancellationToken = default);

    Task<StoredToken?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>Marks a token revoked; false when it was unknown or already revoked.</summary>
    Task<bool> RevokeTokenAsync(string tokenHash, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes every live access and refresh token of an application's environment and drops its unused authorization
    /// codes (keys regenerated), returning the access tokens' hashes.
    /// </summary>
    Task<IReadOnlyList<string>> RevokeTokensAsync(string applicationId, string? environment, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task CreateAuthorizationCodeAsync(StoredAuthorizationCode code, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks an authorization code used and returns it as it was before, in one statement so that two nodes cannot both
    /// redeem it; a code already used comes back with its <see cref="StoredAuthorizationCode.UsedAt"/> set, an unknown one
    /// as null.
    /// </summary>
    Task<StoredAuthorizationCode?> RedeemAuthorizationCodeAsync(string codeHash, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Stores an access token with the refresh token issued beside it, in one transaction.</summary>
    Task CreateTokensAsync(StoredToken access, StoredRefreshToken refresh, CancellationToken cancellationToken = default);

    Task<StoredRefreshToken?> FindRefreshTokenAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rotates a refresh token: revokes <paramref name="usedHash"/> and stores its successor and the new access token, in
    /// one transaction; false (and nothing stored) when the used one was revoked meanwhile, by a concurrent use.
    /// </summary>
    Task<bool> RotateRefreshTokenAsync(string usedHash, DateTimeOffset at, StoredToken access, StoredRefreshToken next, CancellationToken cancellationToken = default);

    /// <summary>Revokes every refresh and access token of one grant, returning the access tokens' hashes that were live.</summary>
    Task<IReadOnlyList<string>> RevokeFamilyAsync(string familyId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Deletes access and refresh tokens and authorization codes that expired before <paramref name="before"/>.</summary>
    Task<int> DeleteExpiredTokensAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>The failure counters of <paramref name="subjects"/> in <paramref name="scope"/> (missing ones have no failures).</summary>
    Task<IReadOnlyList<StoredAuthFailure>> FindAuthFailuresAsync(string scope, IReadOnlyList<string> subjects, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts one failure of <paramref name="subject"/> atomically (every node may count the same subject at once): the
    /// count starts again at 1 when its window began before <paramref name="windowStart"/>, and reaching
    /// <paramref name="maxFailures"/> (when above 0) locks the subject until <paramref name="lockUntil"/>.
    /// </summary>
    Task<StoredAuthFailure> RecordAuthFailureAsync(
        string scope, string subject, DateTimeOffset at, DateTimeOffset windowStart, int maxFailures, DateTimeOffset lockUntil, CancellationToken cancellationToken = default);

    /// <summary>Counters with a failure since <paramref name="since"/> or a lock that has not ended by then, newest first.</summary>
    Task<IReadOnlyList<StoredAuthFailure>> ListAuthFailuresAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Forgets a subject's failures (an unlock) in one scope, or in every scope when it is null; the number of counters removed.</summary>
    Task<int> ClearAuthFailuresAsync(string? scope, string subject, CancellationToken cancellationToken = default);

    /// <summary>Removes counters whose last failure and lock both ended before <paramref name="before"/>.</summary>
    Task<int> DeleteStaleAuthFailuresAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
