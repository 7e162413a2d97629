using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Configuration.Identity;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Management;
using WsGate.Routing;
using WsGate.Storage;

namespace WsGate.Identity;

/// <summary>
/// Checks credentials during the connection, not only at the handshake: a token that expires or is revoked, a user who
/// is disabled, a subscription that is removed closes the live connection with 1008 once the configured grace has
/// passed. Changes made on this node arrive as events at once; every few seconds the store is asked again, which
/// also covers changes made elsewhere.
/// </summary>
public sealed class CredentialMonitor(
    ConnectionRegistry registry,
    IdentityEvents events,
    IIdentityStore store,
    LiveConfig live,
    TimeProvider time,
    ILogger<CredentialMonitor> logger) : BackgroundService
{
    private const int RevalidateEveryTicks = 5;
    private const int CleanUpEveryTicks = 3600;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TickAsync(++ticks % RevalidateEveryTicks == 0, stoppingToken);
                if (ticks % CleanUpEveryTicks == 0)
                {
                    // Expired tokens are refused by their expiry already; a day later their rows only take space.
                    var deleted = await store.DeleteExpiredTokensAsync(time.GetUtcNow().AddDays(-1), stoppingToken);
                    IdentityLog.ExpiredTokensDeleted(logger, deleted);

                    // A failure counter whose window and lock have both ended counts nothing any more.
                    var lockout = live.Current.Identity.Lockout;
                    await store.DeleteStaleAuthFailuresAsync(time.GetUtcNow() - lockout.Relevance(), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One pass: apply pending events, check expiry (and the store when asked), close what is due.</summary>
    public async Task TickAsync(bool revalidate, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var grace = TimeSpan.FromMilliseconds(live.Current.Identity.RevalidationGraceMs);
        while (events.Reader.TryRead(out var invalidation))
        {
            foreach (var connection in registry.All)
            {
                if (connection.PendingRevocation is null && invalidation.Matches(connection.Principal, connection.Api?.Api.Id))
                {
                    connection.PendingRevocation = (now + grace, invalidation.Reason);
                }
            }
        }

        foreach (var connection in registry.All)
        {
            if (connection.PendingRevocation is null && connection.Principal.ExpiresAt is { } expires && expires <= now)
            {
                connection.PendingRevocation = (expires + grace, "credential expired");
            }
        }

        if (revalidate)
        {
            await RevalidateAsync(now + grace, cancellationToken);
        }

        foreach (var connection in registry.All)
        {
            if (connection.PendingRevocation is { } pending && pending.Due <= now && !connection.IsClosing)
            {
                IdentityLog.CredentialRevoked(logger, connection.Id, pending.Reason);
                _ = connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, pending.Reason);
            }
        }
    }

    /// <summary>
    /// Asks the store about every distinct credential in use, once per pass: many connections usually share a user, a
    /// token or a subscription, so the store sees one query per credential rather than one per connection.
    /// </summary>
    private async Task RevalidateAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        var verdicts = new Dictionary<(AuthMode Mode, string? Token, string? ApiKey, string? User, string? Application, string? Api), string?>();
        foreach (var connection in registry.All)
        {
            var principal = connection.Principal;
            if (principal.Mode == AuthMode.Anonymous || connection.PendingRevocation is not null || connection.IsClosing)
            {
                continue;
            }

            var api = connection.Api?.Api;
            var key = (principal.Mode, principal.TokenHash, principal.ApiKeyHash, principal.Username?.ToUpperInvariant(), principal.ApplicationId, api?.Id);
            if (!verdicts.TryGetValue(key, out var reason))
            {
                reason = await FindProblemAsync(principal, api, cancellationToken);
                verdicts[key] = reason;
            }

            if (reason is not null)
            {
                connection.PendingRevocation = (due, reason);
            }
        }
    }

    private async Task<string?> FindProblemAsync(ConnectionPrincipal principal, ApiRuntime? api, CancellationToken cancellationToken)
    {
        if (principal.TokenHash is { } hash && await store.FindTokenAsync(hash, cancellationToken) is not { RevokedAt: null })
        {
            return "token revoked";
        }

        if (principal.ApiKeyHash is { } keyHash && await store.FindKeyByApiKeyHashAsync(keyHash, cancellationToken) is null)
        {
            return "API key revoked";
        }

        if (principal.Mode != AuthMode.Jwt && !principal.External && principal.Username is { } username && await store.FindUserAsync(username, cancellationToken) is not { Enabled: true })
        {
            return "user disabled";
        }

        if (principal.IsApplication && api is { Config.SubscriptionRequired: true }
            && (await store.ListSubscriptionsAsync(principal.ApplicationId, api.Id, cancellationToken)).Count == 0)
        {
            return "subscription removed";
        }

        return null;
    }
}
