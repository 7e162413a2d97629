using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>An application with its public consumer keys; secrets are shown only when generated.</summary>
public sealed record ApplicationView(
    string Id,
    string Owner,
    string Name,
    string? Description,
    IReadOnlyList<string> CallbackUrls,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ApplicationKeyView> Keys,
    IReadOnlyList<SubscriptionView> Subscriptions)
{
    /// <summary>An application with its keys (never the secrets) and subscriptions, as the admin API and the console show it.</summary>
    public static async Task<ApplicationView> LoadAsync(StoredApplication application, IIdentityStore store, GatewayConfig config, CancellationToken cancellationToken)
    {
        var keys = await store.ListKeysAsync(application.Id, cancellationToken);
        var subscriptions = await store.ListSubscriptionsAsync(application.Id, null, cancellationToken);
        return new ApplicationView(
            application.Id,
            application.Owner,
            application.Name,
            application.Description,
            application.CallbackUrls,
            application.CreatedAt,
            keys.Select(k => new ApplicationKeyView(k.Environment.ToName(), k.ConsumerKey, k.ApiKeyHash is not null, k.CreatedAt)).ToList(),
            subscriptions.Select(s => SubscriptionView.From(s, config)).ToList());
    }
}
