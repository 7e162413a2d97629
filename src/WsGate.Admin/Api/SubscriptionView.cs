using WsGate.Configuration;
using WsGate.Identity;

namespace WsGate.Admin.Api;

/// <summary>
/// A subscription as the admin API and the console show it. <paramref name="TierOffered"/> is false when the API no longer
/// lists the subscription's tier (or is gone): the subscription keeps working under it, but could not be made again.
/// </summary>
public sealed record SubscriptionView(string ApplicationId, string ApiId, string Tier, DateTimeOffset CreatedAt, bool TierOffered)
{
    public static SubscriptionView From(StoredSubscription subscription, GatewayConfig config) => new(
        subscription.ApplicationId,
        subscription.ApiId,
        subscription.Tier,
        subscription.CreatedAt,
        config.FindApi(subscription.ApiId)?.Offers(subscription.Tier) ?? false);
}
