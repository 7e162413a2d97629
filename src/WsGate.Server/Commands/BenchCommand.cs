using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using WsGate.LoadGen.Cli;
using WsGate.LoadGen.Modes;

namespace WsGate.Server.Commands;

/// <summary>
/// <c>wsgate bench MODE [options]</c>: the load generator (bench/WsGate.LoadGen) run in-process, with a progress bar
/// while it runs and its report as a table; <c>--json</c> prints the load generator's own JSON report instead. The
/// options and their bounds are the load generator's, so a bad one is named the same way.
/// </summary>
internal static class BenchCommand
{
    public const string Name = "bench";

    /// <summary>Listed in <c>wsgate --help</c>; the arguments are the load generator's, so Program hands them over unparsed.</summary>
    public static Command Create()
    {
        var command = new Command(Name, "Run the WebSocket load generator against a server: echo, idle or probe (wsgate bench --help).");
        command.Arguments.Add(new Argument<string[]>("mode-and-options") { Arity = ArgumentArity.ZeroOrMore });
        command.SetAction(_ => Console.Out.Write(Usage));
        return command;
    }

    public static string Usage => LoadGenCommand.Usage
        .Replace("usage: wsgate-loadgen MODE [options]", "usage: wsgate bench MODE [options]", StringComparison.Ordinal)
        .Replace("wsgate-loadgen: a WebSocket", "wsgate bench: a WebSocket", StringComparison.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help" || args.Contains("--help") || args.Contains("-h"))
        {
            Console.Out.Write(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        // Scripts asked for JSON: exactly the load generator's output, no progress on the terminal.
        if (args.Contains(CommonOptions.Json))
        {
            return await LoadGenCommand.RunAsync(args);
        }

        var mode = args[0];
        using var output = new StringWriter();
        Func<Task<int>> run;
        string description;
        double? seconds;
        try
        {
            var reader = new ArgReader(mode, [.. args[1..], CommonOptions.Json], CommonOptions.Flags);
            switch (mode)
            {
                case "echo":
                    var echo = EchoOptions.Parse(reader);
                    (run, description, seconds) = (() => EchoMode.RunAsync(echo, output), $"echo {echo.Connections} x {echo.MessageBytes} B", echo.WarmupSeconds + echo.DurationSeconds);
                    break;
                case "idle":
                    var idle = IdleOptions.Parse(reader);
                    (run, description, seconds) = (() => IdleMode.RunAsync(idle, output), $"idle {idle.Connections} connections", idle.HoldSeconds);
                    break;
                case "probe":
                    var probe = ProbeOptions.Parse(reader);
                    (run, description, seconds) = (() => ProbeMode.RunAsync(probe, output), "probe", null);
                    break;
                default:
                    throw new UsageException($"unknown mode '{mode}': use echo, idle or probe (see wsgate bench --help)");
            }
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return ExitCodes.Usage;
        }

        var exit = await WithProgressAsync(description, seconds, run);
        Render(output.ToString());
        return exit;
    }

    /// <summary>
    /// A progress bar over the run's planned time (warm-up and window for echo, the hold for idle; probe has no plan and
    /// shows a spinner). It tracks time, not work: a run that ends early completes the bar.
    /// </summary>
    private static async Task<int> WithProgressAsync(string description, double? seconds, Func<Task<int>> run)
    {
        if (Console.IsOutputRedirected)
        {
            return await run();
        }

        var exit = 0;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: seconds ?? 1);
                task.IsIndeterminate = seconds is null;
                var clock = Stopwatch.StartNew();
                var running = run();
                while (!running.IsCompleted)
                {
                    task.Value = Math.Min(clock.Elapsed.TotalSeconds, task.MaxValue * 0.99);
                    await Task.WhenAny(running, Task.Delay(200));
                }

                exit = await running;
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return exit;
    }

    /// <summary>The load generator's JSON report as a two-column table; anything that is not JSON is printed as is.</summary>
    private static void Render(string report)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(report);
        }
        catch (JsonException)
        {
            Console.Out.Write(report);
            return;
        }

        using (document)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
            foreach (var (name, value) in Flatten(document.RootElement, ""))
            {
                table.AddRow(Markup.Escape(name), Markup.Escape(value));
            }

            AnsiConsole.Write(table);
        }
    }

    private static IEnumerable<(string Name, string Value)> Flatten(JsonElement element, string prefix)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var row in Flatten(property.Value, prefix.Length == 0 ? property.Name : prefix + "." + property.Name))
                    {
                        yield return row;
                    }
                }

                break;
            case JsonValueKind.Array:
                yield return (prefix, string.Join(", ", element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())));
                break;
            case JsonValueKind.String:
                yield return (prefix, element.GetString() ?? "");
                break;
            default:
                yield return (prefix, element.GetRawText());
                break;
        }
    }
}
