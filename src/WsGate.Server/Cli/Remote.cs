using System.CommandLine;
using WsGate.Server.Commands;

namespace WsGate.Server.Cli;

/// <summary>Runs a remote verb: opens the admin client, prints what fails, and turns it into the documented exit code.</summary>
internal static class Remote
{
    public static void SetAction(Command command, Func<ParseResult, AdminClient, Task> body) =>
        command.SetAction(async (parse, _) =>
        {
            try
            {
                using var client = AdminClient.From(parse);
                await body(parse, client);
                return ExitCodes.Ok;
            }
            catch (CliException ex)
            {
                await Console.Error.WriteLineAsync("error: " + ex.Message);
                return ex.ExitCode;
            }
        });

    public static Command Verb(string name, string description, Func<ParseResult, AdminClient, Task> body, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }

        SetAction(command, body);
        return command;
    }

    public static async Task<string> ReadFileAsync(string path)
    {
        try
        {
            var text = await File.ReadAllTextAsync(path);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new CliException($"{path}: the file is empty; it should hold the settings as JSON", ExitCodes.Usage);
            }

            return text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: {ex.Message}", ExitCodes.Usage);
        }
    }
}
