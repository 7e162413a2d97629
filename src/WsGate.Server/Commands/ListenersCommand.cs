using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate listeners</c>: list, show, add from a JSON file, bind, set worker limits, enable, disable, delete.</summary>
internal static class ListenersCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "listener id" };
        var file = new Argument<string>("file") { Description = "JSON file with the listener's settings" };
        var addresses = new Argument<string[]>("address") { Description = "IP:port to bind (one or more); replaces the listener's bindings on every node", Arity = ArgumentArity.OneOrMore };
        var maxConcurrent = new Option<int?>("--max-concurrent") { Description = "work items (handshakes, echo and channel messages) running at once; 0: unlimited, which turns worker limits off" };
        var queueLimit = new Option<int?>("--queue-limit") { Description = "work items that may wait for a slot; a handshake finding the queue full gets 503" };
        var priority = new Option<int?>("--priority") { Description = "1 to 10, larger first when the machine's work slots are all taken (default 5)" };
        var command = new Command("listeners", "Manage listeners (ports) of a running WsGate.")
        {
            Remote.Verb("list", "List listeners with their state", async (p, c) => Print(p, await c.GetAsync("/api/v1/listeners"))),
            Remote.Verb("show", "Show one listener", async (p, c) => Print(p, await c.GetAsync($"/api/v1/listeners/{Uri.EscapeDataString(p.GetValue(id)!)}")), id),
            Remote.Verb("add", "Add a listener from a JSON file", async (p, c) => Print(p, await c.PostAsync("/api/v1/listeners", await Remote.ReadFileAsync(p.GetValue(file)!))), file),
            Remote.Verb("bind", "Change a listener's bindings for every node (it rebinds at once)", async (p, c) =>
            {
                var path = $"/api/v1/listeners/{Uri.EscapeDataString(p.GetValue(id)!)}";
                var config = JsonNode.Parse((await c.GetAsync(path)).GetProperty("config").GetRawText())!.AsObject();
                config["bindings"] = new JsonArray([.. p.GetValue(addresses)!.Select(a => (JsonNode?)JsonValue.Create(a))]);
                Print(p, await c.PutAsync(path, config));
            }, id, addresses),
            Remote.Verb("workers", "Change a listener's worker limits (applies to new work at once, no restart); options left out keep their value", async (p, c) =>
            {
                var path = $"/api/v1/listeners/{Uri.EscapeDataString(p.GetValue(id)!)}";
                var config = JsonNode.Parse((await c.GetAsync(path)).GetProperty("config").GetRawText())!.AsObject();
                var workers = config["workers"] as JsonObject ?? [];
                config["workers"] = workers;
                foreach (var (option, field) in new[] { (maxConcurrent, "maxConcurrent"), (queueLimit, "queueLimit"), (priority, "priority") })
                {
                    if (p.GetValue(option) is { } value)
                    {
                        workers[field] = value;
                    }
                }

                Print(p, await c.PutAsync(path, config));
            }, id, maxConcurrent, queueLimit, priority),
            Remote.Verb("enable", "Enable a listener (retries a failed bind)", async (p, c) => Print(p, await c.PostAsync($"/api/v1/listeners/{Uri.EscapeDataString(p.GetValue(id)!)}/enable")), id),
            Remote.Verb("disable", "Disable a listener (its connections get 1001)", async (p, c) => Print(p, await c.PostAsync($"/api/v1/listeners/{Uri.EscapeDataString(p.GetValue(id)!)}/disable")), id),
            Remote.Verb("delete", "Delete a listener", async (p, c) =>
            {
                await c.DeleteAsync($"/api/v1/listeners/{Uri.EscapeDataString(p.GetValue(id)!)}");
                Console.WriteLine($"deleted {p.GetValue(id)}");
            }, id),
        };
        RemoteOptions.AddTo(command);
        return command;
    }

    private static void Print(ParseResult parse, JsonElement value) => Output.Print(
        parse,
        value,
        ("id", l => Output.Str(l, "config", "id")),
        ("protocol", l => Output.Str(l, "config", "protocol")),
        ("bindings", l => Output.Str(l, "boundAddresses") is { Length: > 0 } bound ? bound.Replace("wss://", "", StringComparison.Ordinal).Replace("ws://", "", StringComparison.Ordinal) : Output.Str(l, "config", "bindings")),
        ("state", l => Output.Str(l, "state")),
        ("reason", l => Output.Str(l, "failureReason")),
        ("connections", l => Output.Str(l, "activeConnections")),
        ("workers", l => l.TryGetProperty("workers", out var w) && w.ValueKind == JsonValueKind.Object
            ? $"{Output.Str(w, "inUse")}/{Output.Str(w, "maxConcurrent")} running, {Output.Str(w, "queued")}/{Output.Str(w, "queueLimit")} queued, priority {Output.Str(w, "priority")}"
            : "unlimited"),
        ("auth", l => l.TryGetProperty("config", out var config) ? Output.Authentication(config) : null),
        ("endpoints", l => string.Join(", ", l.GetProperty("config").TryGetProperty("endpoints", out var e) ? e.EnumerateArray().Select(x => Output.Str(x, "path")) : [])),

        // What clients dial (under the listener's publicUrl when it has one): the URL to give `wsgate client test`.
        ("client urls", l => Output.Str(l, "clientUrls")));
}
