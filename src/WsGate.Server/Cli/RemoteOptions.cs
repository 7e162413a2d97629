using System.CommandLine;

namespace WsGate.Server.Cli;

/// <summary>Where a remote verb finds the admin API and with which credentials; each also reads an environment variable.</summary>
internal static class RemoteOptions
{
    public static readonly Option<string> Server = new("--server")
    {
        Description = "admin API address (env WSGATE_SERVER)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WSGATE_SERVER") ?? "http://127.0.0.1:9000",
        Recursive = true,
    };

    public static readonly Option<string> User = new("--user")
    {
        Description = "admin user (env WSGATE_USER)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WSGATE_USER") ?? "admin",
        Recursive = true,
    };

    // No default value factory: System.CommandLine prints defaults in --help, and this one would be the password.
    public static readonly Option<string?> Password = new("--password")
    {
        Description = "admin password (env WSGATE_PASSWORD; prefer the variable, command lines are visible to other users)",
        Recursive = true,
    };

    /// <summary>The password given, else the one in WSGATE_PASSWORD.</summary>
    public static string? PasswordFrom(ParseResult parse) => parse.GetValue(Password) ?? Environment.GetEnvironmentVariable("WSGATE_PASSWORD");

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "print JSON for scripts instead of tables",
        Recursive = true,
    };

    public static void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(User);
        command.Options.Add(Password);
        command.Options.Add(Json);
    }
}
