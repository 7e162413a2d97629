using System.CommandLine;
using WsGate.Server.Commands;

// Colours and box drawing only for a terminal; scripts reading a pipe get plain text.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Capabilities.Ansi = false;
    Spectre.Console.AnsiConsole.Profile.Capabilities.ColorSystem = Spectre.Console.ColorSystem.NoColors;

    // A pipe has no width: Spectre would assume 80 columns and wrap every cell; scripts and `| less -S` want whole rows.
    Spectre.Console.AnsiConsole.Profile.Width = 4096;
}

// `wsgate bench` hands its arguments to the load generator's own parser; its idle mode runs slices as `wsgate idle-child`.
if (args.Length > 0 && args[0] == BenchCommand.Name)
{
    return await BenchCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == WsGate.LoadGen.Modes.IdleChildMode.Name)
{
    return await WsGate.LoadGen.Cli.LoadGenCommand.RunAsync(args);
}

var root = new RootCommand("WsGate: a self-hosted WebSocket server and WebSocket API gateway.")
{
    ServeCommand.Create(),
    ListenersCommand.Create(),
    ApisCommand.Create(),
    UsersCommand.Create(),
    LockoutsCommand.Create(),
    AppsCommand.Create(),
    TiersCommand.Create(),
    ConnectionsCommand.Create(),
    CapturesCommand.Create(),
    ReplayCommand.Create(),
    NodesCommand.Create(),
    AnalyticsCommand.Create(),
    ChannelsCommand.Create(),
    ConfigCommand.Create(),
    CheckConfigCommand.Create(),
    DefaultConfigCommand.Create(),
    ClientCommand.Create(),
    ClientsCommand.Create(),
    RulesCommand.Create(),
    BenchCommand.Create(),
};

// A command line that does not parse is a usage error: exit 2 as the README documents (System.CommandLine's own
// handling exits 1, the code for a server that could not start), with each error and where the usage is.
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync("error: " + error.Message);
    }

    var path = new List<string>();
    for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
    {
        path.Insert(0, result.Parent is null ? "wsgate" : result.Command.Name);
    }

    await Console.Error.WriteLineAsync($"usage: {string.Join(' ', path)} --help");
    return ExitCodes.Usage;
}

// The generic host handles SIGTERM and Ctrl+C itself and drains; System.CommandLine must not race it.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
