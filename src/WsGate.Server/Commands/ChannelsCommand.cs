using System.CommandLine;
using System.Text.Json;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate channels</c>: list channels, publish to one.</summary>
internal static class ChannelsCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("channel");
        var data = new Argument<string>("data") { Description = "a JSON value, for example '{\"price\": 12}' or '\"text\"'" };
        var command = new Command("channels", "Channels of a running WsGate.")
        {
            Remote.Verb("list", "List channels with subscribers", async (p, c) => Output.Print(
                p,
                await c.GetAsync("/api/v1/channels"),
                ("channel", x => Output.Str(x, "name")),
                ("subscribers", x => Output.Str(x, "subscribers")),
                ("published", x => Output.Str(x, "published")))),
            Remote.Verb("publish", "Publish a JSON value to a channel's subscribers", async (p, c) =>
            {
                JsonElement value;
                try
                {
                    value = JsonDocument.Parse(p.GetValue(data)!).RootElement;
                }
                catch (JsonException ex)
                {
                    throw new CliException($"data is not JSON: {ex.Message}", ExitCodes.Usage);
                }

                var result = await c.PostAsync($"/api/v1/channels/{Uri.EscapeDataString(p.GetValue(name)!)}/publish", new { data = value });
                Output.Print(p, result, ("channel", x => Output.Str(x, "channel")), ("delivered", x => Output.Str(x, "delivered")));
            }, name, data),
        };
        RemoteOptions.AddTo(command);
        return command;
    }
}
