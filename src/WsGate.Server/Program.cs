using System.CommandLine;
using WsGate.Server.Commands;

// Colours and box drawing only for a terminal; scripts reading a pipe get plain text.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Capabilities.Ansi = false;
    Spectre.Console.AnsiConsole.Profile.Capabilities.ColorSystem = Spectre.Console.ColorSystem.NoColors;
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
    AppsCommand.Create(),
    TiersCommand.Create(),
    ConnectionsCommand.Create(),
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

// The generic host handles SIGTERM and Ctrl+C itself and drains; System.CommandLine must not race it.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
