namespace WsGate.Configuration.Captures;

/// <summary>
/// Starts a message capture: run-time state like a debug session, not configuration. Every bound is required and has a
/// server-side maximum (<see cref="CaptureLimits"/>); the capture stops at whichever it reaches first.
/// </summary>
public sealed record CaptureRequest
{
    public CaptureTarget Target { get; init; } = new();

    /// <summary>Messages stored at most (handshake records included).</summary>
    public int MaxMessages { get; init; }

    /// <summary>Payload bytes stored at most, as stored (text as UTF-8, binary before base64).</summary>
    public long MaxBytes { get; init; }

    /// <summary>How long the capture runs at most.</summary>
    public int DurationMs { get; init; }

    /// <summary>The share of messages stored, above 0 and at most 1; each message is drawn on its own.</summary>
    public double SampleRate { get; init; } = 1;

    public CaptureRedaction Redact { get; init; } = new();
}
