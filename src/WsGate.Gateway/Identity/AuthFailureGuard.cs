using WsGate.Configuration.Identity;
using WsGate.Storage;

namespace WsGate.Identity;

/// <summary>
/// Failed authentication attempts, counted in the store (so every node counts the same) per scope, and within a scope
/// per source address and per credential separately. What it protects against, and what it must not do:
/// <list type="bullet">
/// <item>guessing from one address: each failure doubles the delay of the next failed answer, then the address is
/// locked;</item>
/// <item>guessing one account from many addresses: the credential's own count locks it, but only for addresses that
/// have failed themselves, so an attacker can never lock the owner out from a clean address;</item>
/// <item>turning it against others: the public listeners and the admin API are counted apart, and a success clears the
/// credential's count but never an address's (others behind the same address may be guessing).</item>
/// </list>
/// Unknown API keys and access tokens have no account to count against, so only their source is counted.
/// </summary>
public sealed class AuthFailureGuard(IIdentityStore store, TimeProvider time)
{
    /// <summary>The store subject of a source address.</summary>
    public static string SourceSubject(string address) => "ip:" + address;

    /// <summary>The store subject of a user name (compared ignoring case, as user names are).</summary>
    public static string UserSubject(string username) => "user:" + username.ToLowerInvariant();

    /// <summary>The store subject of an operating-system account (compared as the system does, case and all).</summary>
    public static string SystemUserSubject(string username) => "os:" + username;

    /// <summary>The store subject of an application's consumer key at the token endpoint.</summary>
    public static string ClientSubject(string consumerKey) => "client:" + consumerKey;

    /// <summary>
    /// What the counters say before a credential is checked: a refusal (<c>locked_out</c> with how long) when the source
    /// is locked, or the credential is locked and this source has failed within the window.
    /// </summary>
    public async Task<AuthStanding> CheckAsync(AuthScope scope, string? credential, string? source, LockoutConfig config, CancellationToken cancellationToken)
    {
        var subjects = Subjects(credential, source);
        if (subjects.Count == 0)
        {
            return AuthStanding.Clean;
        }

        var found = await store.FindAuthFailuresAsync(scope.ToName(), subjects, cancellationToken);
        var bySource = source is null ? null : found.FirstOrDefault(f => f.Subject == source);
        var byCredential = credential is null ? null : found.FirstOrDefault(f => f.Subject == credential);
        var now = time.GetUtcNow();
        if (config.MaxFailures > 0)
        {
            if (bySource?.LockedUntil is { } sourceUntil && sourceUntil > now)
            {
                return new AuthStanding(sourceUntil - now, byCredential is not null);
            }

            var sourceFailedRecently = bySource is not null && bySource.LastFailure > now - TimeSpan.FromSeconds(config.WindowSeconds);
            if (byCredential?.LockedUntil is { } credentialUntil && credentialUntil > now && sourceFailedRecently)
            {
                return new AuthStanding(credentialUntil - now, true);
            }
        }

        return new AuthStanding(null, byCredential is not null);
    }

    /// <summary>Counts a failure of the credential and of the source; returns how long to delay the failed answer.</summary>
    public async Task<TimeSpan> FailAsync(AuthScope scope, string? credential, string? source, LockoutConfig config, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windowStart = now - TimeSpan.FromSeconds(config.WindowSeconds);
        var lockUntil = now + TimeSpan.FromSeconds(config.LockoutSeconds);
        var failures = 0;
        foreach (var subject in Subjects(credential, source))
        {
            var counted = await store.RecordAuthFailureAsync(scope.ToName(), subject, now, windowStart, config.MaxFailures, lockUntil, cancellationToken);
            failures = Math.Max(failures, counted.Failures);
        }

        return Delay(config, failures);
    }

    /// <summary>A success clears the credential's count (when it had one); the source's stays.</summary>
    public async Task SucceedAsync(AuthScope scope, string credential, AuthStanding standing, CancellationToken cancellationToken)
    {
        if (standing.CredentialHasFailures)
        {
            await store.ClearAuthFailuresAsync(scope.ToName(), credential, cancellationToken);
        }
    }

    /// <summary><see cref="LockoutConfig.FailureDelayMs"/> doubled for each failure after the first, at most <see cref="LockoutConfig.MaxDelayMs"/>.</summary>
    public static TimeSpan Delay(LockoutConfig config, int failures)
    {
        if (failures <= 0 || config.FailureDelayMs == 0)
        {
            return TimeSpan.Zero;
        }

        var delay = config.FailureDelayMs * Math.Pow(2, Math.Min(failures - 1, 20));
        return TimeSpan.FromMilliseconds(Math.Min(delay, config.MaxDelayMs));
    }

    private static List<string> Subjects(string? credential, string? source)
    {
        var subjects = new List<string>(2);
        if (source is not null)
        {
            subjects.Add(source);
        }

        if (credential is not null)
        {
            subjects.Add(credential);
        }

        return subjects;
    }
}
