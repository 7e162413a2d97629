namespace WsGate.Admin.Api;

/// <summary>Body of a close action: an RFC 6455 section 7.4 code (1000, 1001, 1008, 1011, 3000-4999) and a reason of at most 123 bytes.</summary>
public sealed record CloseRequest
{
    public int Code { get; init; } = 1000;

    public string? Reason { get; init; }
}
