namespace WsGate.Configuration.Captures;

/// <summary>The server-side maxima of a capture's bounds: a capture is a debugging aid, not a traffic archive.</summary>
public static class CaptureLimits
{
    public const int MaxMessages = 100_000;

    public const long MaxBytes = 64L * 1024 * 1024;

    public const int MaxDurationMs = 60 * 60 * 1000;

    /// <summary>Captures running at once on a node.</summary>
    public const int MaxRunning = 16;

    public const int MaxRedactions = 64;
}
