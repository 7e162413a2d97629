using System.Globalization;
using Microsoft.Extensions.Logging;
using WsGate.Admin.Diagnostics;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.Admin.Portal;

/// <summary>
/// What a subscriber's first sign-in brings, as in WSO2's developer portal: an application named
/// <see cref="IdentityService.DefaultApplicationName"/>, so they can subscribe at once. It is made once per account: an
/// account that deleted or renamed it does not get it again, and one that already has an application of that name keeps
/// it. Which accounts have signed in is kept in the store's meta table with the account's creation time, so a new
/// account reusing a deleted one's name is new here too.
/// </summary>
public sealed class FirstSignIn(IMetaStore meta, IdentityService identity, ILogger<FirstSignIn> logger)
{
    private const string KeyPrefix = "portal.first-sign-in:";

    /// <summary>Runs before the session is opened: a store failure fails the sign-in, and the next one tries again.</summary>
    public async Task RunAsync(StoredUser user, CancellationToken cancellationToken)
    {
        if (!user.Roles.Contains(Roles.Subscriber, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        var key = KeyPrefix + user.Username.ToLowerInvariant();
        var account = user.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        if (await meta.GetMetaAsync(key, cancellationToken) == account)
        {
            return;
        }

        // Concurrent first sign-ins both get here; the store's unique owner and name let only one create it.
        if (await identity.CreateDefaultApplicationAsync(user.Username, cancellationToken) is { } application)
        {
            ConsoleLog.DefaultApplicationCreated(logger, user.Username, application.Name, application.Id);
        }
        else
        {
            ConsoleLog.DefaultApplicationExisted(logger, user.Username, IdentityService.DefaultApplicationName);
        }

        await meta.SetMetaAsync(key, account, cancellationToken);
    }
}
