using System.Text.Json;
using WsGate.LoadGen.Cli;
using WsGate.LoadGen.Net;
using WsGate.LoadGen.Reports;

namespace WsGate.LoadGen.Modes;

/// <summary>
/// <c>idle-child</c> (internal): one slice of an <c>idle</c> run in its own process. Writes a <c>ready</c> line when its
/// connections are open, closes them when the parent writes <c>close</c> (or its stdin ends, or its limit passes),
/// then writes a <c>done</c> line and exits.
/// </summary>
public static class IdleChildMode
{
    public const string Name = "idle-child";
    public const string LimitOption = "--limit";

    public static async Task<int> RunAsync(ArgReader args, TextWriter output)
    {
        var target = TargetEndpoint.Parse(CommonOptions.Url, args.String(CommonOptions.Url));
        var count = args.Int(CommonOptions.Connections, 1, 1, IdleOptions.MaxPerProcess);
        var sources = SourceAddresses.Parse(CommonOptions.Sources, args.String(CommonOptions.Sources), count);
        var connectTimeout = args.Seconds(CommonOptions.ConnectTimeout, 60, 0.1, 600);
        var concurrency = args.Int(CommonOptions.ConnectConcurrency, 100, 1, 1000);
        var limit = args.Seconds(LimitOption, 120, 1, IdleOptions.MaxHoldSeconds + 1200);
        args.EnsureAllUsed();

        var limitTask = Task.Delay(TimeSpan.FromSeconds(limit));
        var pool = new IdlePool();
        var ready = await pool.OpenAsync(target, sources, count, concurrency, connectTimeout);
        await output.WriteLineAsync(JsonSerializer.Serialize(ready, ChildJson.Default.IdleChildMessage));
        await output.FlushAsync();

        // Console reads block and ignore cancellation, so wait for the parent's word on a pool thread, bounded by the limit.
        var parentSaysClose = Task.Run(static () =>
        {
            string? line;
            while ((line = Console.In.ReadLine()) is not null && line != "close")
            {
            }
        });
        await Task.WhenAny(parentSaysClose, limitTask);

        var done = await pool.CloseAsync(concurrency);
        await output.WriteLineAsync(JsonSerializer.Serialize(done, ChildJson.Default.IdleChildMessage));
        await output.FlushAsync();
        return ExitCodes.Ok;
    }
}
