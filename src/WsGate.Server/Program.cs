using System.CommandLine;
using WsGate.Server.Commands;

// Colours and box drawing only for a terminal; scripts reading a pipe get plain text.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Capabilities.Ansi = false;
    Spectre.Console.AnsiConsole.Profile.Capabilities.ColorSystem = Spectre.Console.ColorSystem.NoColors;
}

var root = new RootCommand("WsGate: a self-hosted WebSocket server and WebSocket API gateway.")
{
    ServeCommand.Create(),
    ListenersCommand.Create(),
    ApisCommand.Create(),
    UsersCommand.Create(),
    AppsCommand.Create(),
    ConnectionsCommand.Create(),
    AnalyticsCommand.Create(),
    ChannelsCommand.Create(),
    ConfigCommand.Create(),
    CheckConfigCommand.Create(),
    DefaultConfigCommand.Create(),
    ClientCommand.Create(),
};

// The generic host handles SIGTERM and Ctrl+C itself and drains; System.CommandLine must not race it.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
