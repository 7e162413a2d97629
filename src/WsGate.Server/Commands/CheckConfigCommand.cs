using System.CommandLine;
using WsGate.Configuration;
using WsGate.Configuration.Validation;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate check-config FILE</c>: validates a YAML configuration offline, naming each wrong field.</summary>
internal static class CheckConfigCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "YAML configuration, as written by config export" };
        var command = new Command("check-config", "Validate a configuration file without a server; exit 0 when valid, 2 with each error otherwise.") { file };
        command.SetAction(async parse =>
        {
            var path = parse.GetValue(file)!;
            string text;
            try
            {
                text = await File.ReadAllTextAsync(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: {path}: {ex.Message}");
                return ExitCodes.Usage;
            }

            try
            {
                var config = ConfigSerializer.FromYaml(text);
                ConfigValidator.ThrowIfInvalid(config);
                Console.WriteLine($"{path}: valid ({config.Listeners.Count} listeners, {config.Apis.Count} APIs, {config.Certificates.Count} certificates)");
                return ExitCodes.Ok;
            }
            catch (ConfigValidationException ex)
            {
                await Console.Error.WriteLineAsync($"{path}: {ex.Errors.Count} error(s)");
                foreach (var error in ex.Errors)
                {
                    await Console.Error.WriteLineAsync($"  {error.Path}: {error.Message}");
                }

                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
