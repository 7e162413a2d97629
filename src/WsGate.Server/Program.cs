using System.CommandLine;
using WsGate.Server.Commands;

var root = new RootCommand("WsGate: a self-hosted WebSocket server and WebSocket API gateway.")
{
    ServeCommand.Create(),
};

// The generic host handles SIGTERM and Ctrl+C itself and drains; System.CommandLine must not race it.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
