using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WsGate.LoadGen.Cli;
using WsGate.LoadGen.Reports;

namespace WsGate.LoadGen.Modes;

/// <summary>
/// <c>idle</c>: opens N connections, holds them, closes them cleanly. Up to <c>--per-process</c> connections are held
/// in this process; more are split over child processes of this same program (<c>idle-child</c>), because one process
/// may hold only so many open files. The ready file is written once every connection is open, for scripts that
/// measure the server while the connections are held.
/// </summary>
public static class IdleMode
{
    private static readonly TimeSpan ChildReplyGrace = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(IdleOptions options, TextWriter output)
    {
        var processes = (options.Connections + options.PerProcess - 1) / options.PerProcess;
        var (ready, done) = processes == 1 ? await RunHereAsync(options) : await RunChildrenAsync(options, processes);

        var report = new IdleReport
        {
            Url = options.Target.Url,
            Connections = options.Connections,
            SourceAddresses = options.Sources.ToString(),
            Processes = processes,
            Opened = ready.Opened,
            Failed = ready.Failed,
            OpenSeconds = ready.OpenSeconds,
            HoldSeconds = options.HoldSeconds,
            ClosedClean = done.ClosedClean,
            ClosedUnclean = done.ClosedUnclean,
            PingsAnswered = done.PingsAnswered,
            FirstError = ready.FirstError ?? done.FirstError,
        };
        Write(output, report, options.Json);
        return report.Opened == options.Connections && report.ClosedClean == options.Connections ? ExitCodes.Ok : ExitCodes.RunFailed;
    }

    private static async Task<(IdleChildMessage Ready, IdleChildMessage Done)> RunHereAsync(IdleOptions options)
    {
        var pool = new IdlePool();
        var ready = await pool.OpenAsync(options.Target, options.Sources, options.Connections, options.ConnectConcurrency, options.ConnectTimeoutSeconds);
        CommonOptions.WriteReadyFile(options.ReadyFile, ready.Opened.ToString(CultureInfo.InvariantCulture) + "\n");
        await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds));
        var done = await pool.CloseAsync(options.ConnectConcurrency);
        return (ready, done);
    }

    private static async Task<(IdleChildMessage Ready, IdleChildMessage Done)> RunChildrenAsync(IdleOptions options, int processes)
    {
        var children = new List<Process>();
        try
        {
            // The child's own deadline: it closes and exits by itself even if this process dies.
            var childLimit = options.ConnectTimeoutSeconds + options.HoldSeconds + ChildReplyGrace.TotalSeconds;
            for (var k = 0; k < processes; k++)
            {
                var count = (int)((long)(k + 1) * options.Connections / processes - (long)k * options.Connections / processes);
                children.Add(StartChild(options, count, options.Sources.Slice(k, processes), childLimit));
            }

            var openLimit = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds) + ChildReplyGrace;
            var readies = await Task.WhenAll(children.Select(child => ReadMessageAsync(child, "ready", openLimit)));
            var ready = new IdleChildMessage
            {
                Event = "ready",
                Opened = readies.Sum(r => r.Opened),
                Failed = readies.Sum(r => r.Failed),
                OpenSeconds = readies.Max(r => r.OpenSeconds),
                FirstError = readies.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
            };
            CommonOptions.WriteReadyFile(options.ReadyFile, ready.Opened.ToString(CultureInfo.InvariantCulture) + "\n");
            await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds));

            foreach (var child in children)
            {
                await child.StandardInput.WriteLineAsync("close");
                await child.StandardInput.FlushAsync();
            }

            var dones = await Task.WhenAll(children.Select(child => ReadMessageAsync(child, "done", ChildReplyGrace)));
            var done = new IdleChildMessage
            {
                Event = "done",
                ClosedClean = dones.Sum(d => d.ClosedClean),
                ClosedUnclean = dones.Sum(d => d.ClosedUnclean),
                PingsAnswered = dones.Sum(d => d.PingsAnswered),
                FirstError = dones.Select(d => d.FirstError).FirstOrDefault(e => e is not null),
            };
            foreach (var child in children)
            {
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await child.WaitForExitAsync(exit.Token);
            }

            return (ready, done);
        }
        finally
        {
            foreach (var child in children)
            {
                if (!child.HasExited)
                {
                    child.Kill();
                }

                child.Dispose();
            }
        }
    }

    private static Process StartChild(IdleOptions options, int count, Net.SourceAddresses sources, double limitSeconds)
    {
        var info = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Run through `dotnet wsgate-loadgen.dll` the child needs the assembly path first. The path is built from the
        // app's folder rather than Assembly.Location, which is empty inside a single-file `wsgate` (whose process path
        // is the program itself, so this branch is not taken there).
        if (Path.GetFileNameWithoutExtension(info.FileName) == "dotnet")
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, typeof(IdleMode).Assembly.GetName().Name + ".dll"));
        }

        string[] args =
        [
            IdleChildMode.Name,
            CommonOptions.Url, options.Target.Url,
            CommonOptions.Connections, count.ToString(CultureInfo.InvariantCulture),
            CommonOptions.Sources, sources.ToString(),
            CommonOptions.ConnectTimeout, options.ConnectTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            CommonOptions.ConnectConcurrency, options.ConnectConcurrency.ToString(CultureInfo.InvariantCulture),
            IdleChildMode.LimitOption, limitSeconds.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start a child process");
    }

    private static async Task<IdleChildMessage> ReadMessageAsync(Process child, string expected, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var line = await child.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException($"child process {child.Id} exited before reporting '{expected}'");
        var message = JsonSerializer.Deserialize(line, ChildJson.Default.IdleChildMessage);
        return message?.Event == expected ? message : throw new InvalidOperationException($"child process {child.Id} sent '{line}', expected '{expected}'");
    }

    private static void Write(TextWriter output, IdleReport report, bool json)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, ReportJson.Default.IdleReport));
            return;
        }

        var rows = new List<(string, string)>
        {
            ("target", report.Url),
            ("connections", $"{report.Connections} from {report.SourceAddresses} in {report.Processes} process(es)"),
            ("opened", $"{report.Opened} in {Table.N(report.OpenSeconds, 2)} s ({report.Failed} failed)"),
            ("held", $"{Table.N(report.HoldSeconds, 1)} s ({report.PingsAnswered} pings answered)"),
            ("closed", $"{report.ClosedClean} clean, {report.ClosedUnclean} unclean"),
        };
        if (report.FirstError is not null)
        {
            rows.Add(("first error", report.FirstError));
        }

        Table.Write(output, "WsGate load generator: idle", rows);
    }
}
