namespace WsGate.Analytics;

public sealed record FailureQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Kind = null, string? Api = null, int Limit = 100);
