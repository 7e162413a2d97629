namespace WsGate.Outbound;

/// <summary>A client's state and counters at one moment, for the admin API and CLI.</summary>
public sealed record OutboundClientStatus(
    OutboundClientState State,
    string Url,
    string? LastError,
    DateTimeOffset? ConnectedAt,
    DateTimeOffset? NextAttemptAt,
    int Attempt,
    long Connects,
    long Failures,
    long Disconnects,
    long MessagesIn,
    long MessagesOut,
    long BytesIn,
    long BytesOut);
