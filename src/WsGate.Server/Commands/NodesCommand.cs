using System.CommandLine;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate nodes</c>: the nodes of the cluster with their state, connections and last heartbeat; * marks the node that answered.</summary>
internal static class NodesCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "the node's id, as `wsgate nodes` lists it" };
        var period = new Option<double?>("--period") { Description = "seconds to spread the closes over (default 30)" };
        var command = new Command("nodes", "Nodes of the cluster sharing this WsGate's store, with their state (alive, draining, left, gone).")
        {
            Remote.Verb("drain", "Drain a node: it stops accepting and tells its clients to reconnect (1012) in batches over the period", async (p, c) =>
            {
                var answer = await c.PostAsync($"/api/v1/nodes/{Uri.EscapeDataString(p.GetValue(id)!)}/drain", new { period = p.GetValue(period) });
                Console.WriteLine($"draining {p.GetValue(id)}: {answer}");
            }, id, period),
        };
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
