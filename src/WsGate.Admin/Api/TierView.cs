using WsGate.Configuration.Throttling;

namespace WsGate.Admin.Api;

/// <summary>A tier as the admin API shows it: its settings and how many subscriptions use it.</summary>
public sealed record TierView(
    string Name,
    string? Description,
    RateLimitConfig Rate,
    int MaxConnectionsPerApplication,
    int MaxConnectionsPerUser,
    int Subscriptions)
{
    public static TierView From(TierConfig tier, int subscriptions) =>
        new(tier.Name, tier.Description, tier.Rate, tier.MaxConnectionsPerApplication, tier.MaxConnectionsPerUser, subscriptions);
}
