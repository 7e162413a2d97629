using WsGate.LoadGen.Cli;

namespace WsGate.LoadGen.Modes;

/// <summary>Options every mode shares, with their names in one place.</summary>
public static class CommonOptions
{
    public const string Url = "--url";
    public const string Sources = "--sources";
    public const string Connections = "--connections";
    public const string ConnectTimeout = "--connect-timeout";
    public const string ConnectConcurrency = "--connect-concurrency";
    public const string ReadyFile = "--ready-file";
    public const string Json = "--json";

    public static readonly IReadOnlySet<string> Flags = new HashSet<string>(StringComparer.Ordinal) { Json };

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> whole (temp file, then rename) so a polling script never sees half of it.</summary>
    public static void WriteReadyFile(string? path, string content)
    {
        if (path is null)
        {
            return;
        }

        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    public static string Describe(Exception ex) => ex switch
    {
        AggregateException { InnerException: { } inner } => Describe(inner),
        OperationCanceledException => "timed out",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    public static string? ReadyFilePath(ArgReader args)
    {
        var path = args.String(ReadyFile);
        if (path is { Length: 0 })
        {
            throw new UsageException($"{ReadyFile} must be a file path");
        }

        return path;
    }
}
