namespace WsGate.Analytics;

/// <summary>One failure with its reason: a refused handshake, an unreachable backend, a refused credential or a protocol error.</summary>
public sealed record FailureRecord(
    long Id,
    DateTimeOffset At,
    string Kind,
    string Listener,
    string Api,
    string Application,
    int? Status,
    string Reason);
