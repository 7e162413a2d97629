using System.CommandLine;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate tiers</c>: list, create and delete subscription tiers.</summary>
internal static class TiersCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name");
        var messages = new Option<long>("--messages") { Description = "messages per window (0: unlimited)" };
        var bytes = new Option<long>("--bytes") { Description = "payload bytes per window (0: unlimited, else at least 16384)" };
        var window = new Option<int>("--window-ms") { Description = "window length in milliseconds", DefaultValueFactory = _ => 60_000 };
        var burst = new Option<long>("--burst") { Description = "most messages at once (0: the whole window's allowance)" };
        var count = new Option<string>("--count") { Description = "inbound, outbound or both", DefaultValueFactory = _ => "inbound" };
        var action = new Option<string>("--action") { Description = "drop, close or backpressure", DefaultValueFactory = _ => "drop" };
        var perApplication = new Option<int>("--max-connections-per-app") { Description = "concurrent connections per application and API (0: unlimited)" };
        var perUser = new Option<int>("--max-connections-per-user") { Description = "concurrent connections per user and API (0: unlimited)" };
        var description = new Option<string?>("--description");
        var command = new Command("tiers", "Subscription tiers: message and byte allowances and connection caps.")
        {
            Remote.Verb("list", "List tiers", async (p, c) => Output.Print(
                p,
                await c.GetAsync("/api/v1/tiers"),
                ("name", t => Output.Str(t, "name")),
                ("messages", t => Output.Str(t, "rate", "messagesPerWindow")),
                ("bytes", t => Output.Str(t, "rate", "bytesPerWindow")),
                ("window ms", t => Output.Str(t, "rate", "windowMs")),
                ("action", t => Output.Str(t, "rate", "action")),
                ("per app", t => Output.Str(t, "maxConnectionsPerApplication")),
                ("per user", t => Output.Str(t, "maxConnectionsPerUser")),
                ("subscriptions", t => Output.Str(t, "subscriptions")))),
            Remote.Verb(
                "create",
                "Create a tier",
                async (p, c) =>
                {
                    var created = await c.PostAsync("/api/v1/tiers", new
                    {
                        name = p.GetValue(name),
                        description = p.GetValue(description),
                        rate = new
                        {
                            messagesPerWindow = p.GetValue(messages),
                            bytesPerWindow = p.GetValue(bytes),
                            windowMs = p.GetValue(window),
                            burst = p.GetValue(burst),
                            count = p.GetValue(count),
                            action = p.GetValue(action),
                        },
                        maxConnectionsPerApplication = p.GetValue(perApplication),
                        maxConnectionsPerUser = p.GetValue(perUser),
                    });
                    Output.Print(p, created, ("name", t => Output.Str(t, "name")), ("messages", t => Output.Str(t, "rate", "messagesPerWindow")), ("window ms", t => Output.Str(t, "rate", "windowMs")));
                },
                name,
                description,
                messages,
                bytes,
                window,
                burst,
                count,
                action,
                perApplication,
                perUser),
            Remote.Verb("delete", "Delete a tier no subscription uses", async (p, c) => await c.DeleteAsync($"/api/v1/tiers/{Uri.EscapeDataString(p.GetValue(name)!)}"), name),
        };
        RemoteOptions.AddTo(command);
        return command;
    }
}
