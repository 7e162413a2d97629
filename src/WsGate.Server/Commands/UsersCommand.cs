using System.CommandLine;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate users</c>: list, add, enable, disable, delete. Passwords are read from the environment, never printed.</summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var username = new Argument<string>("username");
        var roles = new Option<string[]>("--role") { Description = "admin, publisher, subscriber or operator (repeatable)", AllowMultipleArgumentsPerToken = true };
        var groups = new Option<string[]>("--group") { Description = "group membership (repeatable)", AllowMultipleArgumentsPerToken = true };
        // Read from the variable when the option is absent, not as a default value, which --help would print.
        var password = new Option<string?>("--new-password") { Description = "the new user's password (env WSGATE_NEW_PASSWORD)" };
        var command = new Command("users", "Manage users of a running WsGate.")
        {
            Remote.Verb("list", "List users", async (p, c) => Output.Print(
                p,
                await c.GetAsync("/api/v1/users"),
                ("username", u => Output.Str(u, "username")),
                ("roles", u => Output.Str(u, "roles")),
                ("groups", u => Output.Str(u, "groups")),
                ("enabled", u => Output.Str(u, "enabled")))),
            Remote.Verb("add", "Add a user", async (p, c) =>
            {
                var created = await c.PostAsync("/api/v1/users", new { username = p.GetValue(username), password = p.GetValue(password) ?? Environment.GetEnvironmentVariable("WSGATE_NEW_PASSWORD"), roles = p.GetValue(roles) ?? [], groups = p.GetValue(groups) ?? [] });
                Output.Print(p, created, ("username", u => Output.Str(u, "username")), ("roles", u => Output.Str(u, "roles")), ("groups", u => Output.Str(u, "groups")));
            }, username, roles, groups, password),
            Remote.Verb("enable", "Enable a user", async (p, c) => await c.PatchAsync($"/api/v1/users/{Uri.EscapeDataString(p.GetValue(username)!)}", new { enabled = true }), username),
            Remote.Verb("disable", "Disable a user (their connections get 1008)", async (p, c) => await c.PatchAsync($"/api/v1/users/{Uri.EscapeDataString(p.GetValue(username)!)}", new { enabled = false }), username),
            Remote.Verb("delete", "Delete a user", async (p, c) => await c.DeleteAsync($"/api/v1/users/{Uri.EscapeDataString(p.GetValue(username)!)}"), username),
        };
        RemoteOptions.AddTo(command);
        return command;
    }
}
