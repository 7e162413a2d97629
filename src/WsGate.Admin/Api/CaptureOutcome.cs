using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>
/// What a start, stop or delete of a capture came to: done (with the capture as it now stands, null after a delete), or
/// refused with the reason; the admin API answers it as 201/200/204, 404 or 409, the console as a one-line outcome.
/// </summary>
public sealed record CaptureOutcome(CaptureOutcomeKind Kind, StoredCapture? Capture, string? Reason)
{
    public static CaptureOutcome Done(StoredCapture? capture) => new(CaptureOutcomeKind.Done, capture, null);

    public static CaptureOutcome NotFound(string id) => new(CaptureOutcomeKind.NotFound, null, $"no capture '{id}'");

    public static CaptureOutcome Conflict(string reason) => new(CaptureOutcomeKind.Conflict, null, reason);
}
