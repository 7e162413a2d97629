namespace WsGate.Storage;

/// <summary>
/// A message capture as the store keeps it: its request (as JSON, with its redactions), its state, why it stopped, and
/// what it stored. <see cref="Sampled"/> counts messages the sample rate left out. <see cref="NodeId"/> is the node that
/// runs (or ran) it: only that node can stop it, and only that node's restart marks it stopped.
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
    string? CreatedBy,
    string NodeId)
{
    public const string Running = "running";

    public const string Stopped = "stopped";
}
