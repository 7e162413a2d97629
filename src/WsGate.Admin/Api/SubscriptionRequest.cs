namespace WsGate.Admin.Api;

public sealed record SubscriptionRequest
{
    public string? ApiId { get; init; }

    /// <summary>One of the tiers the API offers (its <c>tiers</c>, or every tier when it lists none); absent: Unlimited when offered, else the first.</summary>
    public string? Tier { get; init; }
}
