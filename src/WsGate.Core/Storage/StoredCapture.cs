namespace WsGate.Storage;

/// <summary>
/// A message capture as the store keeps it: its request (as JSON, with its redactions), its state, why it stopped, and
/// what it stored. <see cref="Sampled"/> counts messages the sample rate left out.
/// </summary>
public sealed record StoredCapture(
    string Id,
    string Request,
    string State,
    string? StopReason,
    DateTimeOffset StartedAt,
    DateTimeOffset? StoppedAt,
    long Messages,
    long Bytes,
    long Sampled,
    string? CreatedBy)
{
    public const string Running = "running";

    public const string Stopped = "stopped";
}
