using System.CommandLine;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate analytics</c>: usage from the per-minute rollups, top consumers, close codes and recent failures.</summary>
internal static class AnalyticsCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "start of the range, ISO 8601 (default: an hour before --to)" };
        var to = new Option<string?>("--to") { Description = "end of the range, ISO 8601 (default: the end of the current minute)" };
        var groupBy = new Option<string?>("--group-by") { Description = "api, application, listener, environment or none" };
        var interval = new Option<string?>("--interval") { Description = "minute, hour, day or total (default)" };
        var api = new Option<string?>("--api") { Description = "only this API" };
        var by = new Option<string?>("--by") { Description = "messages (default), bytes, connections, errors or throttled" };
        var limit = new Option<int?>("--limit") { Description = "how many rows (1-1000)" };
        var kind = new Option<string?>("--kind") { Description = "handshake, auth, backend or protocol" };

        string Query(ParseResult p, params (string Name, string? Value)[] extra)
        {
            var pairs = new (string Name, string? Value)[]
            {
                ("from", p.GetValue(from)), ("to", p.GetValue(to)), ("groupBy", p.GetValue(groupBy)), ("interval", p.GetValue(interval)), ("api", p.GetValue(api)),
            }.Concat(extra).Where(q => q.Value is not null).Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}");
            var text = string.Join('&', pairs);
            return text.Length == 0 ? "" : "?" + text;
        }

        (string, Func<System.Text.Json.JsonElement, string?>)[] usageColumns =
        [
            ("start", x => Output.Str(x, "start") ?? "(range)"),
            ("group", x => Output.Str(x, "group") is { } g ? (g.Length == 0 ? "(none)" : g) : "(all)"),
            ("in", x => $"{Output.Str(x, "messagesIn")} msg / {Output.Str(x, "bytesIn")} B"),
            ("out", x => $"{Output.Str(x, "messagesOut")} msg / {Output.Str(x, "bytesOut")} B"),
            ("opened", x => Output.Str(x, "connectionsOpened")),
            ("closed", x => Output.Str(x, "connectionsClosed")),
            ("errors", x => Output.Str(x, "errors")),
            ("throttled", x => Output.Str(x, "throttled")),
        ];

        var command = new Command("analytics", "Usage analytics of a running WsGate, from its per-minute rollups.")
        {
            Remote.Verb("usage", "Usage over a time range, by bucket and group", async (p, c) =>
                Output.Print(p, await c.GetAsync("/api/v1/analytics/usage" + Query(p)), usageColumns), from, to, groupBy, interval, api),
            Remote.Verb("top", "Top consumers in a time range", async (p, c) =>
                Output.Print(p, await c.GetAsync("/api/v1/analytics/top" + Query(p, ("by", p.GetValue(by)), ("limit", p.GetValue(limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture)))), usageColumns),
                from, to, groupBy, api, by, limit),
            Remote.Verb("close-codes", "How connections ended, by close code", async (p, c) => Output.Print(
                p,
                await c.GetAsync("/api/v1/analytics/close-codes" + Query(p)),
                ("group", x => Output.Str(x, "group") ?? "(all)"),
                ("code", x => Output.Str(x, "code")),
                ("count", x => Output.Str(x, "count"))), from, to, groupBy, api),
            Remote.Verb("failures", "Recent failures with their reasons, newest first", async (p, c) => Output.Print(
                p,
                await c.GetAsync("/api/v1/analytics/failures" + Query(p, ("kind", p.GetValue(kind)), ("limit", p.GetValue(limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
                ("at", x => Output.Str(x, "at")),
                ("kind", x => Output.Str(x, "kind")),
                ("listener", x => Output.Str(x, "listener")),
                ("api", x => Output.Str(x, "api")),
                ("status", x => Output.Str(x, "status")),
                ("reason", x => Output.Str(x, "reason"))), from, to, api, kind, limit),
        };
        RemoteOptions.AddTo(command);
        return command;
    }
}
