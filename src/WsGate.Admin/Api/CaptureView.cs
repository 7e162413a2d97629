using WsGate.Configuration.Captures;

namespace WsGate.Admin.Api;

/// <summary>
/// A message capture: what it records, its bounds and redactions, its state and what it has stored; <see cref="Node"/> is
/// the node that runs (or ran) it, the only one that can stop it.
/// </summary>
public sealed record CaptureView(
    string Id,
    string State,
    string? StopReason,
    CaptureTarget Target,
    int MaxMessages,
    long MaxBytes,
    int DurationMs,
    double SampleRate,
    CaptureRedaction Redact,
    DateTimeOffset StartedAt,
    DateTimeOffset? StoppedAt,
    long Messages,
    long Bytes,
    long Sampled,
    string? CreatedBy,
    string Node);
