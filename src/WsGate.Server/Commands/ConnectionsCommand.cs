using System.CommandLine;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate connections</c>: list live connections with counters, close one.</summary>
internal static class ConnectionsCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id");
        var listener = new Option<string?>("--listener") { Description = "only this listener's connections" };
        var code = new Option<int>("--code") { Description = "close code: 1000, 1001, 1008, 1011 or 3000-4999", DefaultValueFactory = _ => 1000 };
        var reason = new Option<string?>("--reason") { Description = "close reason (at most 123 bytes)" };
        var command = new Command("connections", "Live connections of a running WsGate.")
        {
            Remote.Verb("list", "List live connections", async (p, c) => Output.Print(
                p,
                await c.GetAsync("/api/v1/connections" + (p.GetValue(listener) is { } l ? "?listener=" + Uri.EscapeDataString(l) : "")),
                ("id", x => Output.Str(x, "id")),
                ("listener", x => Output.Str(x, "listener")),
                ("endpoint", x => Output.Str(x, "endpoint")),
                ("api", x => Output.Str(x, "api")),
                ("remote", x => Output.Str(x, "remoteAddress")),
                ("http", x => Output.Str(x, "httpVersion")),
                ("user", x => Output.Str(x, "user")),
                ("groups", x => Output.Str(x, "groups")),
                ("in", x => $"{Output.Str(x, "messagesIn")} msg / {Output.Str(x, "bytesIn")} B"),
                ("out", x => $"{Output.Str(x, "messagesOut")} msg / {Output.Str(x, "bytesOut")} B")), listener),
            Remote.Verb("close", "Close a connection with a code and reason", async (p, c) =>
            {
                await c.PostAsync($"/api/v1/connections/{Uri.EscapeDataString(p.GetValue(id)!)}/close", new { code = p.GetValue(code), reason = p.GetValue(reason) });
                Console.WriteLine($"closing {p.GetValue(id)} with {p.GetValue(code)}");
            }, id, code, reason),
        };
        RemoteOptions.AddTo(command);
        return command;
    }
}
