using WsGate.Configuration.Captures;

namespace WsGate.Admin.Console.Captures;

/// <summary>
/// The console's "start a capture" form: a <see cref="CaptureRequest"/> with the target flattened and the redactions as
/// lines. Defaults are small bounds, since a capture is a debugging aid.
/// </summary>
public sealed class CaptureForm
{
    public string? Api { get; set; }

    public string? Route { get; set; }

    public string? ConnectionId { get; set; }

    public int MaxMessages { get; set; } = 1000;

    public long MaxBytes { get; set; } = 1024 * 1024;

    public int DurationMs { get; set; } = 5 * 60 * 1000;

    public double SampleRate { get; set; } = 1;

    /// <summary>JSON paths to redact, one per line.</summary>
    public string? RedactJsonPaths { get; set; }

    /// <summary>Handshake headers to redact, one per line.</summary>
    public string? RedactHeaders { get; set; }

    public static IReadOnlyCollection<string> FieldNames { get; } =
    [
        nameof(Api), nameof(Route), nameof(ConnectionId), nameof(MaxMessages), nameof(MaxBytes), nameof(DurationMs), nameof(SampleRate),
        nameof(RedactJsonPaths), nameof(RedactHeaders),
    ];

    public CaptureRequest ToRequest() => new()
    {
        Target = new CaptureTarget { Api = Api?.Trim() ?? "", Route = Blank(Route), ConnectionId = Blank(ConnectionId) },
        MaxMessages = MaxMessages,
        MaxBytes = MaxBytes,
        DurationMs = DurationMs,
        SampleRate = SampleRate,
        Redact = new CaptureRedaction { JsonPaths = Lines(RedactJsonPaths), Headers = Lines(RedactHeaders) },
    };

    /// <summary>The request's paths to this form's fields: <c>target.api</c> is <c>api</c>, <c>redact.jsonPaths[1]</c> line 2 of <c>redactJsonPaths</c>.</summary>
    public static string Rename(string path) => path switch
    {
        _ when path.StartsWith("target.", StringComparison.Ordinal) => path["target.".Length..],
        _ when path.StartsWith("redact.jsonPaths", StringComparison.Ordinal) => "redactJsonPaths" + path["redact.jsonPaths".Length..],
        _ when path.StartsWith("redact.headers", StringComparison.Ordinal) => "redactHeaders" + path["redact.headers".Length..],
        _ => path,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[] Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
