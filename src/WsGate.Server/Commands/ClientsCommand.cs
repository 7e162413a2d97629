using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate clients</c>: outbound WebSocket clients: list, show, add (from a file or a URL), test, connect, disconnect, send, delete.</summary>
internal static class ClientsCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "client id" };
        var file = new Argument<string>("file") { Description = "JSON file with the client definition" };
        var idOrUrl = new Argument<string>("id-or-url") { Description = "client id, or the URL when the client should get the next free WS_CLIENT_N" };
        var urlAfterId = new Argument<string?>("url") { Description = "ws:// or wss:// URL; fills host, port, TLS and path", Arity = ArgumentArity.ZeroOrOne };
        var name = new Option<string?>("--name") { Description = "display name (default: the id)" };
        var text = new Argument<string>("text") { Description = "text message to send" };
        var reconnect = new Option<bool>("--reconnect") { Description = "reconnect automatically with backoff" };
        var ping = new Option<int>("--ping") { Description = "ping the server every N seconds" };
        var inactive = new Option<bool>("--inactive") { Description = "save without connecting" };
        var command = new Command("clients", "Manage outbound WebSocket clients of a running WsGate.")
        {
            Remote.Verb("list", "List clients with their state", async (p, c) => Print(p, await c.GetAsync("/api/v1/clients"))),
            Remote.Verb("show", "Show one client", async (p, c) => Print(p, await c.GetAsync(Path(p, id))), id),
            Remote.Verb("add", "Add a client from a JSON file", async (p, c) => Print(p, await c.PostAsync("/api/v1/clients", await Remote.ReadFileAsync(p.GetValue(file)!))), file),
            Remote.Verb("add-url", "Add a client from a URL (autofill): `add-url ID URL`, or `add-url URL` for the next free WS_CLIENT_N", async (p, c) =>
            {
                // One argument is the URL (RoboTask's "new client" assigns the id); two are the id, then the URL.
                var second = p.GetValue(urlAfterId);
                var body = new JsonObject
                {
                    ["url"] = second ?? p.GetValue(idOrUrl),
                    ["active"] = !p.GetValue(inactive),
                    ["pingIntervalSeconds"] = p.GetValue(ping),
                    ["reconnect"] = new JsonObject { ["enabled"] = p.GetValue(reconnect) },
                };
                if (second is not null)
                {
                    body["id"] = p.GetValue(idOrUrl);
                }

                if ((p.GetValue(name) ?? (second is null ? null : p.GetValue(idOrUrl))) is { } display)
                {
                    body["name"] = display;
                }

                Print(p, await c.PostAsync("/api/v1/clients", body.ToJsonString()));
            }, idOrUrl, urlAfterId, name, reconnect, ping, inactive),
            Remote.Verb("test", "Open a connection with the client's settings, close it, and report", async (p, c) =>
            {
                var result = await c.PostAsync(Path(p, id) + "/test");
                Output.Print(
                    p,
                    result,
                    ("client", r => Output.Str(r, "client")),
                    ("url", r => Output.Str(r, "url")),
                    ("ok", r => Output.Str(r, "ok")),
                    ("ms", r => Output.Str(r, "latencyMs")),
                    ("error", r => Output.Str(r, "error")));
                if (!result.GetProperty("ok").GetBoolean())
                {
                    throw new CliException("the connection test failed", ExitCodes.TestFailed);
                }
            }, id),
            Remote.Verb("connect", "Connect a client now", async (p, c) => Print(p, await c.PostAsync(Path(p, id) + "/connect")), id),
            Remote.Verb("disconnect", "Close a client's connection and stop reconnecting", async (p, c) => Print(p, await c.PostAsync(Path(p, id) + "/disconnect")), id),
            Remote.Verb("send", "Send a text message on a client's connection", async (p, c) =>
                Output.Print(p, await c.PostAsync(Path(p, id) + "/send", new { text = p.GetValue(text) }), ("client", r => Output.Str(r, "client")), ("bytes", r => Output.Str(r, "sent"))), id, text),
            Remote.Verb("delete", "Delete a client", async (p, c) =>
            {
                await c.DeleteAsync(Path(p, id));
                Console.WriteLine($"deleted {p.GetValue(id)}");
            }, id),
        };
        RemoteOptions.AddTo(command);
        return command;
    }

    private static string Path(ParseResult parse, Argument<string> id) => $"/api/v1/clients/{Uri.EscapeDataString(parse.GetValue(id)!)}";

    private static void Print(ParseResult parse, JsonElement value) => Output.Print(
        parse,
        value,
        ("id", c => Output.Str(c, "config", "id")),
        ("url", c => Output.Str(c, "status", "url")),
        ("active", c => Output.Str(c, "config", "active")),
        ("state", c => Output.Str(c, "status", "state")),
        ("in", c => Output.Str(c, "status", "messagesIn")),
        ("out", c => Output.Str(c, "status", "messagesOut")),
        ("connects", c => Output.Str(c, "status", "connects")),
        ("last error", c => Output.Str(c, "status", "lastError")));
}
