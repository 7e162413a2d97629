using System.CommandLine;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate nodes</c>: the nodes of the cluster with their state, connections and last heartbeat; * marks the node that answered.</summary>
internal static class NodesCommand
{
    public static Command Create()
    {
        var command = new Command("nodes", "Nodes of the cluster sharing this WsGate's store, with their state (alive, draining, left, gone).");
        RemoteOptions.AddTo(command);
        Remote.SetAction(command, async (p, c) => Output.Print(
            p,
            await c.GetAsync("/api/v1/nodes"),
            ("id", x => Output.Str(x, "id") + (Output.Str(x, "self") == "true" ? " *" : "")),
            ("state", x => Output.Str(x, "state")),
            ("connections", x => Output.Str(x, "connections")),
            ("admin", x => Output.Str(x, "adminAddress")),
            ("version", x => Output.Str(x, "version")),
            ("last seen", x => Output.Str(x, "lastSeenAt"))));
        return command;
    }
}
