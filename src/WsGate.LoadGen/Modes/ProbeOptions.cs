using WsGate.LoadGen.Cli;
using WsGate.LoadGen.Net;

namespace WsGate.LoadGen.Modes;

public sealed record ProbeOptions(TargetEndpoint Target, double TimeoutSeconds, int IntervalMs, string? ReadyFile, bool Json)
{
    public static ProbeOptions Parse(ArgReader args)
    {
        var options = new ProbeOptions(
            TargetEndpoint.Parse(CommonOptions.Url, args.String(CommonOptions.Url)),
            args.Seconds("--timeout", 30, 0.1, 300),
            args.Int("--interval-ms", 1, 0, 1000),
            CommonOptions.ReadyFilePath(args),
            args.Flag(CommonOptions.Json));
        args.EnsureAllUsed();
        return options;
    }
}
