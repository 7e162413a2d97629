using WsGate.LoadGen.Cli;
using WsGate.LoadGen.Net;

namespace WsGate.LoadGen.Modes;

public sealed record BroadcastOptions(
    TargetEndpoint Publisher,
    IReadOnlyList<TargetEndpoint> SubscriberTargets,
    int Subscribers,
    int Messages,
    int Rate,
    int Size,
    double TimeoutSeconds,
    bool Json)
{
    public static BroadcastOptions Parse(ArgReader args)
    {
        var publisher = TargetEndpoint.Parse(CommonOptions.Url, args.String(CommonOptions.Url) ?? "ws://127.0.0.1:8080/channel");
        var list = args.String("--subscriber-urls");
        var targets = list is null
            ? [publisher]
            : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => TargetEndpoint.Parse("--subscriber-urls", u)).ToList();
        var options = new BroadcastOptions(
            publisher,
            targets,
            args.Int(CommonOptions.Connections, 100, 1, 5000),
            args.Int("--messages", 2000, 1, 1_000_000),
            args.Int("--rate", 500, 1, 100_000),
            args.Size("--size", 64, 0, 60_000),
            args.Seconds("--timeout", 30, 1, 600),
            args.Flag(CommonOptions.Json));
        args.EnsureAllUsed();
        return options;
    }
}
