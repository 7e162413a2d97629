using System.CommandLine;
using System.Text.Json;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate captures</c>: start a message capture, list, show, stop and download captures.</summary>
internal static class CapturesCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id");
        var api = new Option<string>("--api") { Description = "the API to capture", Required = true };
        var route = new Option<string?>("--route") { Description = "only this content-based route" };
        var connection = new Option<string?>("--connection") { Description = "only this live connection" };
        var maxMessages = new Option<int>("--max-messages") { Description = "records stored at most", DefaultValueFactory = _ => 1000 };
        var maxBytes = new Option<long>("--max-bytes") { Description = "payload bytes stored at most", DefaultValueFactory = _ => 1024 * 1024 };
        var duration = new Option<double>("--duration") { Description = "seconds the capture runs at most", DefaultValueFactory = _ => 300 };
        var sample = new Option<double>("--sample-rate") { Description = "share of messages stored (0 < r <= 1)", DefaultValueFactory = _ => 1 };
        var redactPath = new Option<string[]>("--redact-path") { Description = "JSON path whose value is never stored, e.g. $.card.number (repeatable)", AllowMultipleArgumentsPerToken = true };
        var redactHeader = new Option<string[]>("--redact-header") { Description = "handshake header whose value is never stored (repeatable)", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--output", "-o") { Description = "file to write the JSON lines to (default: standard output)" };
        var command = new Command("captures", "Message captures of a running WsGate: what an API's connections send and receive.")
        {
            Remote.Verb("start", "Start a capture on an API, one of its routes or one connection", async (p, c) =>
            {
                var started = await c.PostAsync("/api/v1/captures", new
                {
                    target = new { api = p.GetValue(api), route = p.GetValue(route), connectionId = p.GetValue(connection) },
                    maxMessages = p.GetValue(maxMessages),
                    maxBytes = p.GetValue(maxBytes),
                    durationMs = (int)Math.Min(int.MaxValue, p.GetValue(duration) * 1000),
                    sampleRate = p.GetValue(sample),
                    redact = new { jsonPaths = p.GetValue(redactPath) ?? [], headers = p.GetValue(redactHeader) ?? [] },
                });
                Console.WriteLine(Output.Str(started, "id"));
            }, api, route, connection, maxMessages, maxBytes, duration, sample, redactPath, redactHeader),
            Remote.Verb("list", "List captures, newest first", async (p, c) => Output.Print(
                p,
                await c.GetAsync("/api/v1/captures"),
                ("id", x => Output.Str(x, "id")),
                ("api", x => Output.Str(x, "target", "api")),
                ("state", x => Output.Str(x, "state")),
                ("reason", x => Output.Str(x, "stopReason")),
                ("node", x => Output.Str(x, "node")),
                ("messages", x => Output.Str(x, "messages")),
                ("bytes", x => Output.Str(x, "bytes")),
                ("started", x => Output.Str(x, "startedAt")))),
            Remote.Verb("show", "Show a capture's state and counters", async (p, c) =>
                Console.WriteLine(JsonSerializer.Serialize(await c.GetAsync($"/api/v1/captures/{Uri.EscapeDataString(p.GetValue(id)!)}"), Output.Indented)), id),
            Remote.Verb("stop", "Stop a capture; what it stored stays", async (p, c) =>
            {
                var stopped = await c.PostAsync($"/api/v1/captures/{Uri.EscapeDataString(p.GetValue(id)!)}/stop");
                Console.WriteLine($"{Output.Str(stopped, "id")}: {Output.Str(stopped, "state")} ({Output.Str(stopped, "stopReason")}), {Output.Str(stopped, "messages")} messages");
            }, id),
            Remote.Verb("delete", "Delete a stopped capture with its records", async (p, c) =>
            {
                await c.DeleteAsync($"/api/v1/captures/{Uri.EscapeDataString(p.GetValue(id)!)}");
                Console.WriteLine($"deleted {p.GetValue(id)}");
            }, id),
            Remote.Verb("download", "Download a capture's records as JSON lines", async (p, c) =>
            {
                var lines = await c.GetTextAsync($"/api/v1/captures/{Uri.EscapeDataString(p.GetValue(id)!)}/messages");
                if (p.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file, lines);
                    Console.WriteLine($"{lines.Count(ch => ch == '\n')} records written to {file}");
                }
                else
                {
                    Console.Write(lines);
                }
            }, id, output),
        };
        RemoteOptions.AddTo(command);
        return command;
    }
}
