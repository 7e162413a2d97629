using WsGate.LoadGen.Cli;
using WsGate.LoadGen.Net;

namespace WsGate.LoadGen.Modes;

public sealed record EchoOptions(
    TargetEndpoint Target,
    SourceAddresses Sources,
    int Connections,
    int MessageBytes,
    double DurationSeconds,
    long Messages,
    double WarmupSeconds,
    double ConnectTimeoutSeconds,
    int ConnectConcurrency,
    IReadOnlyList<int> WatchPids,
    string? WatchMetrics,
    bool Json,
    byte[]? TextPayload = null)
{
    public const int MaxConnections = 10_000;
    public const int MaxMessageBytes = 16 * 1024 * 1024;
    public const double MaxDurationSeconds = 600;

    public static EchoOptions Parse(ArgReader args)
    {
        var target = TargetEndpoint.Parse(CommonOptions.Url, args.String(CommonOptions.Url));
        var connections = args.Int(CommonOptions.Connections, 10, 1, MaxConnections);
        var text = ReadText(args.String("--text-file"));
        var options = new EchoOptions(
            target,
            SourceAddresses.Parse(CommonOptions.Sources, args.String(CommonOptions.Sources), connections),
            connections,
            args.Size("--size", 128, 0, MaxMessageBytes),
            args.Seconds("--duration", 10, 0.1, MaxDurationSeconds),
            args.Int("--messages", 0, 0, int.MaxValue),
            args.Seconds("--warmup", 1, 0, 60),
            args.Seconds(CommonOptions.ConnectTimeout, 30, 0.1, 600),
            args.Int(CommonOptions.ConnectConcurrency, 64, 1, 1000),
            ParsePids(args.String("--watch-pids")),
            args.String("--watch-metrics"),
            args.Flag(CommonOptions.Json));
        args.EnsureAllUsed();

        // A text message (a realistic JSON document, say) replaces the binary pattern; its length is the message size.
        return text is null ? options : options with { TextPayload = text, MessageBytes = text.Length };
    }

    private static byte[]? ReadText(string? path)
    {
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"--text-file: no file '{path}'");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > MaxMessageBytes)
        {
            throw new UsageException($"--text-file: '{path}' is larger than {MaxMessageBytes} bytes");
        }

        try
        {
            _ = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new UsageException($"--text-file: '{path}' is not UTF-8 text");
        }

        return bytes;
    }

    /// <summary>Comma-separated process ids whose CPU time is measured over the window (at most 8, each must exist).</summary>
    private static int[] ParsePids(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var parts = text.Split(',');
        if (parts.Length > 8)
        {
            throw new UsageException("--watch-pids takes at most 8 process ids");
        }

        return parts.Select(part => int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) && File.Exists($"/proc/{pid}/stat")
            ? pid
            : throw new UsageException($"--watch-pids: '{part}' is not the id of a running process")).ToArray();
    }
}
