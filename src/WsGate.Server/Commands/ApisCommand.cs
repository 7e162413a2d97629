using System.CommandLine;
using System.Text.Json;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate apis</c>: list, show, add from JSON, set lifecycle, test endpoints, delete.</summary>
internal static class ApisCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "API id" };
        var file = new Argument<string>("file") { Description = "JSON file with the API definition" };
        var state = new Argument<string>("state") { Description = "created, prototyped (answered by its mock), published, deprecated or retired" };
        var command = new Command("apis", "Manage WebSocket APIs of a running WsGate.")
        {
            Remote.Verb("list", "List APIs", async (p, c) => Print(p, await c.GetAsync("/api/v1/apis"))),
            Remote.Verb("show", "Show one API", async (p, c) => Print(p, await c.GetAsync($"/api/v1/apis/{Uri.EscapeDataString(p.GetValue(id)!)}")), id),
            Remote.Verb("add", "Add an API from a JSON file", async (p, c) => Print(p, await c.PostAsync("/api/v1/apis", await Remote.ReadFileAsync(p.GetValue(file)!))), file),
            Remote.Verb("lifecycle", "Move an API through its lifecycle", async (p, c) =>
                Print(p, await c.PostAsync($"/api/v1/apis/{Uri.EscapeDataString(p.GetValue(id)!)}/lifecycle", new { state = p.GetValue(state) })), id, state),
            Remote.Verb("test", "Open a WebSocket to each backend endpoint and report", async (p, c) =>
            {
                var result = await c.PostAsync($"/api/v1/apis/{Uri.EscapeDataString(p.GetValue(id)!)}/test");
                Output.Print(
                    p,
                    result.GetProperty("results"),
                    ("environment", r => Output.Str(r, "environment")),
                    ("url", r => Output.Str(r, "url")),
                    ("ok", r => Output.Str(r, "ok")),
                    ("ms", r => Output.Str(r, "latencyMs")),
                    ("error", r => Output.Str(r, "error")));
                if (!result.GetProperty("ok").GetBoolean())
                {
                    throw new CliException("at least one endpoint failed", ExitCodes.TestFailed);
                }
            }, id),
            Remote.Verb("delete", "Delete an API", async (p, c) =>
            {
                await c.DeleteAsync($"/api/v1/apis/{Uri.EscapeDataString(p.GetValue(id)!)}");
                Console.WriteLine($"deleted {p.GetValue(id)}");
            }, id),
        };
        RemoteOptions.AddTo(command);
        return command;
    }

    private static void Print(ParseResult parse, JsonElement value) => Output.Print(
        parse,
        value,
        ("id", a => Output.Str(a, "config", "id")),
        ("paths", a => Output.Str(a, "paths")),
        ("lifecycle", a => Output.Str(a, "config", "lifecycle")),
        ("mode", a => Output.Str(a, "config", "relayMode")),
        ("listeners", a => Output.Str(a, "config", "listeners")),
        ("tiers", a => Output.Str(a, "config", "tiers") is { Length: > 0 } tiers ? tiers : "all"),
        ("auth", a => a.TryGetProperty("config", out var config) ? Output.Authentication(config) ?? "as the listener" : null),
        ("connections", a => Output.Str(a, "activeConnections")));
}
