namespace WsGate.Admin.Api;

/// <summary>The rule engine's queue: its bound, what waits, what was offered and dropped, and webhook calls dropped for overflow.</summary>
public sealed record RuleQueueView(int Capacity, int Pending, long Offered, long Dropped, long WebhookOverflow);
