using System.CommandLine;
using System.Text;
using System.Text.Json;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate apis</c>: list, show, add from JSON, import or export AsyncAPI, set lifecycle, test endpoints, delete.</summary>
internal static class ApisCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "API id" };
        var file = new Argument<string>("file") { Description = "JSON file with the API definition" };
        var state = new Argument<string>("state") { Description = "created, prototyped (answered by its mock), published, deprecated or retired" };
        var document = new Argument<string>("file") { Description = "AsyncAPI 2.6 or 3.0 document, YAML or JSON" };
        var importId = new Option<string?>("--id") { Description = "the API to create or update (default: one made from info.title)" };
        var importContext = new Option<string?>("--context") { Description = "context of a new API (default: one made from info.title)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "only check the document and show the API it would make" };
        var format = new Option<string>("--format") { Description = "yaml or json", DefaultValueFactory = _ => "yaml" };
        var command = new Command("apis", "Manage WebSocket APIs of a running WsGate.")
        {
            Remote.Verb("list", "List APIs", async (p, c) => Print(p, await c.GetAsync("/api/v1/apis"))),
            Remote.Verb("show", "Show one API", async (p, c) => Print(p, await c.GetAsync($"/api/v1/apis/{Uri.EscapeDataString(p.GetValue(id)!)}")), id),
            Remote.Verb("add", "Add an API from a JSON file", async (p, c) => Print(p, await c.PostAsync("/api/v1/apis", await Remote.ReadFileAsync(p.GetValue(file)!))), file),
            Remote.Verb("import", "Create or update an API from an AsyncAPI document (docs/asyncapi.md)", async (p, c) =>
            {
                var text = await Remote.ReadFileAsync(p.GetValue(document)!);
                var query = "?dryRun=" + (p.GetValue(dryRun) ? "true" : "false")
                    + (p.GetValue(importId) is { } i ? "&id=" + Uri.EscapeDataString(i) : "")
                    + (p.GetValue(importContext) is { } x ? "&context=" + Uri.EscapeDataString(x) : "");
                var mediaType = text.TrimStart().StartsWith('{') ? "application/json" : "application/yaml";
                using var content = new StringContent(text, Encoding.UTF8, mediaType);
                var result = await c.SendAsync(HttpMethod.Post, "/api/v1/apis/import/asyncapi" + query, content);
                if (!p.GetValue(RemoteOptions.Json))
                {
                    var verb = result.GetProperty("dryRun").GetBoolean() ? "would be " : "";
                    Console.WriteLine(verb + (result.GetProperty("created").GetBoolean() ? "created" : "updated") + ":");
                }

                Print(p, result.GetProperty("api"));
            }, document, importId, importContext, dryRun),
            Remote.Verb("export-asyncapi", "Print an API as an AsyncAPI document", async (p, c) =>
                Console.Write(await c.GetTextAsync($"/api/v1/apis/{Uri.EscapeDataString(p.GetValue(id)!)}/asyncapi?format={Uri.EscapeDataString(p.GetValue(format)!)}")), id, format),
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
