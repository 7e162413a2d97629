namespace WsGate.Identity;

/// <summary>An application subscribed to an API under a tier.</summary>
public sealed record StoredSubscription(string ApplicationId, string ApiId, string Tier, DateTimeOffset CreatedAt);
