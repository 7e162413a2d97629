using System.CommandLine;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate apps</c>: list applications with their keys and subscriptions.</summary>
internal static class AppsCommand
{
    public static Command Create()
    {
        var command = new Command("apps", "Applications, their keys and subscriptions.")
        {
            Remote.Verb("list", "List applications", async (p, c) => Output.Print(
                p,
                await c.GetAsync("/api/v1/applications"),
                ("id", a => Output.Str(a, "id")),
                ("owner", a => Output.Str(a, "owner")),
                ("name", a => Output.Str(a, "name")),
                ("callbacks", a => string.Join(", ", a.GetProperty("callbackUrls").EnumerateArray().Select(u => u.GetString()))),
                ("keys", a => string.Join(", ", a.GetProperty("keys").EnumerateArray().Select(k => Output.Str(k, "environment")))),
                ("subscriptions", a => string.Join(", ", a.GetProperty("subscriptions").EnumerateArray().Select(s => $"{Output.Str(s, "apiId")} ({Output.Str(s, "tier")})"))))),
        };
        RemoteOptions.AddTo(command);
        return command;
    }
}
