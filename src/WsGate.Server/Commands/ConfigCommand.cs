using System.CommandLine;
using System.Net.Http;
using System.Text;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate config export|import</c>: the whole configuration of a running WsGate as one YAML document.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output", "-o") { Description = "write to this file instead of standard output" };
        var file = new Argument<string>("file") { Description = "YAML file to import" };
        var mode = new Option<string>("--mode") { Description = "merge (default) or replace", DefaultValueFactory = _ => "merge" };
        var conflict = new Option<string>("--on-port-conflict") { Description = "keepExisting (default), replace or reject", DefaultValueFactory = _ => "keepExisting" };
        var dryRun = new Option<bool>("--dry-run") { Description = "validate and report without changing anything" };
        var command = new Command("config", "Export or import the configuration of a running WsGate.")
        {
            Remote.Verb("export", "Print (or save) the configuration as YAML", async (p, c) =>
            {
                var yaml = await c.GetTextAsync("/api/v1/config/export");
                if (p.GetValue(output) is { } path)
                {
                    await File.WriteAllTextAsync(path, yaml);
                    await Console.Error.WriteLineAsync($"wrote {path}");
                }
                else
                {
                    Console.Write(yaml);
                }
            }, output),
            Remote.Verb("import", "Validate a YAML document and apply it all or nothing", async (p, c) =>
            {
                var yaml = await Remote.ReadFileAsync(p.GetValue(file)!);
                var query = $"?mode={Uri.EscapeDataString(p.GetValue(mode)!)}&onPortConflict={Uri.EscapeDataString(p.GetValue(conflict)!)}&dryRun={(p.GetValue(dryRun) ? "true" : "false")}";
                var result = await c.SendAsync(HttpMethod.Post, "/api/v1/config/import" + query, new StringContent(yaml, Encoding.UTF8, "application/yaml"));
                Output.Print(p, result);
            }, file, mode, conflict, dryRun),
        };
        RemoteOptions.AddTo(command);
        return command;
    }
}
