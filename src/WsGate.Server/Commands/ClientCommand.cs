using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate client test URL</c>: connect, handshake, ping, echo and close, with a plain diagnosis of what fails.</summary>
internal static class ClientCommand
{
    public static Command Create()
    {
        var url = new Argument<string>("url") { Description = "ws://, wss://, http:// or https:// address of a WebSocket endpoint" };
        var protocols = new Option<string[]>("--subprotocol") { Description = "subprotocol to request (repeatable)", AllowMultipleArgumentsPerToken = true };
        var headers = new Option<string[]>("--header", "-H") { Description = "extra request header Name:Value (repeatable)", AllowMultipleArgumentsPerToken = true };
        var timeout = new Option<double>("--timeout") { Description = "seconds for the whole test", DefaultValueFactory = _ => 10 };
        var insecure = new Option<bool>("--insecure") { Description = "do not validate the TLS certificate (diagnosis only)" };
        var json = new Option<bool>("--json") { Description = "print JSON for scripts" };
        var test = new Command("test", "Test a WebSocket endpoint step by step and explain failures.") { url, protocols, headers, timeout, insecure, json };
        test.SetAction(async parse =>
        {
            var text = parse.GetValue(url)!;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss" or "http" or "https"))
            {
                await Console.Error.WriteLineAsync($"error: '{text}' is not a ws://, wss://, http:// or https:// URL");
                return ExitCodes.Usage;
            }

            List<KeyValuePair<string, string>> extra;
            try
            {
                extra = HeaderArguments.Parse(parse.GetValue(headers));
            }
            catch (CliException ex)
            {
                await Console.Error.WriteLineAsync("error: " + ex.Message);
                return ex.ExitCode;
            }

            var probe = new ClientProbe(uri, parse.GetValue(protocols) ?? [], extra, TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(insecure));
            await probe.RunAsync();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { url = uri.ToString(), ok = probe.Ok, steps = probe.Steps }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("step", "result", "ms", "detail");
                foreach (var step in probe.Steps)
                {
                    table.AddRow(step.Step, step.Ok ? "[green]ok[/]" : step.Optional ? "[yellow]note[/]" : "[red]failed[/]", step.Ms.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(step.Detail));
                }

                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine(probe.Ok ? "[green]WebSocket works.[/]" : "[red]WebSocket does not work; see the failed step.[/]");
            }

            return probe.Ok ? ExitCodes.Ok : ExitCodes.TestFailed;
        });
        return new Command("client", "Act as a WebSocket client.") { test };
    }
}
