using System.CommandLine;
using System.Text.Json;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate rules</c>: triggers and actions (list, show, add, delete, queue) and bridges (<c>rules bridges ...</c>).</summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "rule id" };
        var file = new Argument<string>("file") { Description = "JSON file with the rule definition" };
        var bridgeId = new Argument<string>("id") { Description = "bridge id" };
        var client = new Argument<string>("client") { Description = "outbound client id" };
        var channel = new Argument<string>("channel") { Description = "channel name" };
        var direction = new Option<string>("--direction") { Description = "both, clientToChannel or channelToClient", DefaultValueFactory = _ => "both" };
        var bridges = new Command("bridges", "Outbound clients wired to channels.")
        {
            Remote.Verb("list", "List bridges", async (p, c) => PrintBridges(p, await c.GetAsync("/api/v1/bridges"))),
            Remote.Verb("add", "Wire a client and a channel", async (p, c) => PrintBridges(p, await c.PostAsync("/api/v1/bridges", new
            {
                id = p.GetValue(bridgeId),
                client = p.GetValue(client),
                channel = p.GetValue(channel),
                direction = p.GetValue(direction),
            })), bridgeId, client, channel, direction),
            Remote.Verb("delete", "Delete a bridge", async (p, c) =>
            {
                await c.DeleteAsync($"/api/v1/bridges/{Uri.EscapeDataString(p.GetValue(bridgeId)!)}");
                Console.WriteLine($"deleted {p.GetValue(bridgeId)}");
            }, bridgeId),
        };
        var command = new Command("rules", "Manage rules (triggers and actions) and bridges of a running WsGate.")
        {
            Remote.Verb("list", "List rules with their counters", async (p, c) => Print(p, await c.GetAsync("/api/v1/rules"))),
            Remote.Verb("show", "Show one rule", async (p, c) => Print(p, await c.GetAsync($"/api/v1/rules/{Uri.EscapeDataString(p.GetValue(id)!)}")), id),
            Remote.Verb("add", "Add a rule from a JSON file", async (p, c) => Print(p, await c.PostAsync("/api/v1/rules", await Remote.ReadFileAsync(p.GetValue(file)!))), file),
            Remote.Verb("delete", "Delete a rule", async (p, c) =>
            {
                await c.DeleteAsync($"/api/v1/rules/{Uri.EscapeDataString(p.GetValue(id)!)}");
                Console.WriteLine($"deleted {p.GetValue(id)}");
            }, id),
            Remote.Verb("queue", "Show the rule queue: pending, offered and dropped events", async (p, c) => Output.Print(
                p,
                await c.GetAsync("/api/v1/rule-queue"),
                ("capacity", q => Output.Str(q, "capacity")),
                ("pending", q => Output.Str(q, "pending")),
                ("offered", q => Output.Str(q, "offered")),
                ("dropped", q => Output.Str(q, "dropped")),
                ("webhook overflow", q => Output.Str(q, "webhookOverflow")))),
            bridges,
        };
        RemoteOptions.AddTo(command);
        return command;
    }

    private static void Print(ParseResult parse, JsonElement value) => Output.Print(
        parse,
        value,
        ("id", r => Output.Str(r, "config", "id")),
        ("enabled", r => Output.Str(r, "config", "enabled")),
        ("trigger", r => Output.Str(r, "config", "trigger", "type")),
        ("source", r => Output.Str(r, "config", "trigger", "client") ?? Output.Str(r, "config", "trigger", "api") ?? Output.Str(r, "config", "trigger", "endpoint")
            ?? Output.Str(r, "config", "trigger", "channel") ?? Output.Str(r, "config", "trigger", "path")),
        ("actions", r => r.TryGetProperty("config", out var config) && config.TryGetProperty("actions", out var actions)
            ? string.Join(", ", actions.EnumerateArray().Select(a => Output.Str(a, "type")))
            : null),
        ("fired", r => Output.Str(r, "fired")),
        ("failed", r => Output.Str(r, "failed")),
        ("last error", r => Output.Str(r, "lastError")));

    private static void PrintBridges(ParseResult parse, JsonElement value) => Output.Print(
        parse,
        value,
        ("id", b => Output.Str(b, "config", "id")),
        ("client", b => Output.Str(b, "config", "client")),
        ("channel", b => Output.Str(b, "config", "channel")),
        ("direction", b => Output.Str(b, "config", "direction")),
        ("carried", b => Output.Str(b, "carried")),
        ("failed", b => Output.Str(b, "failed")));
}
