using WsGate.LoadGen.Cli;
using WsGate.LoadGen.Net;

namespace WsGate.LoadGen.Modes;

public sealed record IdleOptions(
    TargetEndpoint Target,
    SourceAddresses Sources,
    int Connections,
    double HoldSeconds,
    int PerProcess,
    double ConnectTimeoutSeconds,
    int ConnectConcurrency,
    string? ReadyFile,
    bool Json)
{
    public const int MaxConnections = 200_000;

    /// <summary>A process may hold at most 20,000 open files here; leave room for the runtime's own.</summary>
    public const int MaxPerProcess = 18_000;

    public const int DefaultPerProcess = 15_000;
    public const double MaxHoldSeconds = 3600;

    public static IdleOptions Parse(ArgReader args)
    {
        var target = TargetEndpoint.Parse(CommonOptions.Url, args.String(CommonOptions.Url));
        var connections = args.Int(CommonOptions.Connections, 1000, 1, MaxConnections);
        var options = new IdleOptions(
            target,
            SourceAddresses.Parse(CommonOptions.Sources, args.String(CommonOptions.Sources), connections),
            connections,
            args.Seconds("--hold", 10, 0, MaxHoldSeconds),
            args.Int("--per-process", DefaultPerProcess, 1, MaxPerProcess),
            args.Seconds(CommonOptions.ConnectTimeout, 60, 0.1, 600),
            args.Int(CommonOptions.ConnectConcurrency, 100, 1, 1000),
            CommonOptions.ReadyFilePath(args),
            args.Flag(CommonOptions.Json));
        args.EnsureAllUsed();
        if (options.Connections > options.PerProcess * 64)
        {
            throw new UsageException($"--connections {options.Connections} would need more than 64 child processes at --per-process {options.PerProcess}");
        }

        return options;
    }
}
