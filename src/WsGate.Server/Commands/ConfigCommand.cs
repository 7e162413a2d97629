using System.CommandLine;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate config export|import</c>: the whole configuration of a running WsGate as one YAML document.</summary>
internal static class ConfigCommand
{
    /// <summary>Where the passphrase of an export with secrets is read from: never an option, so never in a shell history or --help.</summary>
    public const string PassphraseVariable = "WSGATE_CONFIG_PASSPHRASE";

    public static Command Create()
    {
        var output = new Option<string?>("--output", "-o") { Description = "write to this file instead of standard output" };
        var file = new Argument<string>("file") { Description = "YAML file to import" };
        var mode = new Option<string>("--mode") { Description = "merge (default) or replace", DefaultValueFactory = _ => "merge" };
        var conflict = new Option<string>("--on-port-conflict") { Description = "keepExisting (default), replace or reject", DefaultValueFactory = _ => "keepExisting" };
        var dryRun = new Option<bool>("--dry-run") { Description = "validate and report without changing anything" };
        var exportGroup = new Option<string?>("--group") { Description = "export one listener group only: its listeners and the certificates they name" };
        var importGroup = new Option<string?>("--group") { Description = "import a group's document as that group: nothing outside it is touched (replace mode removes only its listeners)" };
        var withSecrets = new Option<bool>("--with-secrets")
        {
            Description = $"admins only: include the secrets, sealed with the passphrase in ${PassphraseVariable} (import reads the same variable)",
        };
        var command = new Command("config", "Export or import the configuration of a running WsGate.")
        {
            Remote.Verb("export", "Print (or save) the configuration as YAML", async (p, c) =>
            {
                string yaml;
                if (p.GetValue(withSecrets))
                {
                    var passphrase = Environment.GetEnvironmentVariable(PassphraseVariable);
                    if (string.IsNullOrEmpty(passphrase))
                    {
                        throw new CliException($"--with-secrets needs the passphrase in the environment variable {PassphraseVariable}", ExitCodes.Usage);
                    }

                    yaml = await c.SendTextAsync(HttpMethod.Post, "/api/v1/config/export", JsonContent.Create(new { passphrase, group = p.GetValue(exportGroup) }));
                }
                else
                {
                    yaml = await c.GetTextAsync("/api/v1/config/export" + (p.GetValue(exportGroup) is { } g ? "?group=" + Uri.EscapeDataString(g) : ""));
                }

                if (p.GetValue(output) is { } path)
                {
                    await File.WriteAllTextAsync(path, yaml);
                    await Console.Error.WriteLineAsync($"wrote {path}");
                }
                else
                {
                    Console.Write(yaml);
                }
            }, output, withSecrets, exportGroup),
            Remote.Verb("reseal", "Save the configuration unchanged, sealing every secret with the current data key (after a key rotation)", async (p, c) =>
                Output.Print(p, await c.PostAsync("/api/v1/config/reseal"), ("revision", x => Output.Str(x, "revision")), ("secrets", x => Output.Str(x, "secrets")))),
            Remote.Verb("import", "Validate a YAML document and apply it all or nothing", async (p, c) =>
                PrintChanges(p, await ImportAsync(c, p.GetValue(file)!, p.GetValue(mode)!, p.GetValue(conflict)!, p.GetValue(dryRun), p.GetValue(importGroup))), file, mode, conflict, dryRun, importGroup),
            Remote.Verb("diff", "Show, field by field, what importing a YAML document would change (nothing is changed)", async (p, c) =>
                PrintChanges(p, await ImportAsync(c, p.GetValue(file)!, p.GetValue(mode)!, p.GetValue(conflict)!, dryRun: true, p.GetValue(importGroup))), file, mode, conflict, importGroup),
        };
        RemoteOptions.AddTo(command);
        return command;
    }

    /// <summary>Import and diff are one request: the server's import, as a dry run or for real.</summary>
    private static async Task<JsonElement> ImportAsync(AdminClient client, string file, string mode, string conflict, bool dryRun, string? group)
    {
        var yaml = await Remote.ReadFileAsync(file);
        var query = $"?mode={Uri.EscapeDataString(mode)}&onPortConflict={Uri.EscapeDataString(conflict)}&dryRun={(dryRun ? "true" : "false")}"
            + (group is null ? "" : "&group=" + Uri.EscapeDataString(group));
        var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        if (Environment.GetEnvironmentVariable(PassphraseVariable) is { Length: > 0 } passphrase)
        {
            content.Headers.Add("X-WsGate-Passphrase", passphrase);
        }

        return await client.SendAsync(HttpMethod.Post, "/api/v1/config/import" + query, content);
    }

    /// <summary>One row per changed field; an import that changes nothing says so.</summary>
    private static void PrintChanges(ParseResult parse, JsonElement result)
    {
        if (parse.GetValue(RemoteOptions.Json))
        {
            Output.Print(parse, result);
            return;
        }

        var changes = result.GetProperty("changes");
        var dryRun = result.GetProperty("dryRun").GetBoolean();
        foreach (var skipped in result.GetProperty("listenersSkipped").EnumerateArray())
        {
            Console.WriteLine("skipped: " + skipped.GetString());
        }

        if (changes.GetArrayLength() == 0)
        {
            Console.WriteLine(dryRun ? "no changes: the running configuration already matches the document" : "no changes were needed");
            return;
        }

        Output.Print(
            parse,
            changes,
            ("field", x => Output.Str(x, "path")),
            ("change", x => Output.Str(x, "kind")),
            ("before", x => Value(x, "before")),
            ("after", x => Value(x, "after")));
        Console.WriteLine($"{changes.GetArrayLength()} change(s){(dryRun ? " would be made; nothing was changed" : " made")}");
    }

    private static string Value(JsonElement change, string name) =>
        change.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? JsonSerializer.Serialize(value, Output.Compact)
            : "";
}
