namespace WsGate.Admin.Api;

public sealed record SubscriptionRequest
{
    public string? ApiId { get; init; }

    /// <summary>Unlimited (default), Gold, Silver or Bronze.</summary>
    public string? Tier { get; init; }
}
