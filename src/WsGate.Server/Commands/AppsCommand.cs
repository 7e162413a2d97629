using System.CommandLine;
using System.Text.Json;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate apps</c>: list applications with their keys and subscriptions; subscribe one to an API; set its callback URLs.</summary>
internal static class AppsCommand
{
    public static Command Create()
    {
        var application = new Argument<string>("application") { Description = "application id (app_...)" };
        var api = new Argument<string>("api") { Description = "API id" };
        var tier = new Option<string?>("--tier") { Description = "one of the tiers the API offers; default Unlimited when offered, else the API's first" };
        var urls = new Argument<string[]>("urls") { Description = "callback URLs, compared exactly at /oauth2/authorize (https, or http to a loopback host)", Arity = ArgumentArity.ZeroOrMore };
        var none = new Option<bool>("--none") { Description = "remove every callback URL (turns the authorization code flow off for the application)" };
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
                ("subscriptions", a => string.Join(", ", a.GetProperty("subscriptions").EnumerateArray().Select(Subscription))))),
            Remote.Verb("subscribe", "Subscribe an application to an API under a tier the API offers", async (p, c) => Output.Print(
                p,
                await c.PostAsync($"/api/v1/applications/{Uri.EscapeDataString(p.GetValue(application)!)}/subscriptions", new { apiId = p.GetValue(api), tier = p.GetValue(tier) }),
                ("application", s => Output.Str(s, "applicationId")),
                ("api", s => Output.Str(s, "apiId")),
                ("tier", s => Output.Str(s, "tier"))), application, api, tier),
            Remote.Verb("callbacks", "Replace an application's callback URLs (OAuth2 authorization code flow)", async (p, c) =>
            {
                var given = p.GetValue(urls) ?? [];
                if (given.Length == 0 != p.GetValue(none))
                {
                    throw new CliException(given.Length == 0 ? "give the callback URLs, or --none to remove them all" : "--none takes no URLs", ExitCodes.Usage);
                }

                Output.Print(
                    p,
                    await c.PatchAsync($"/api/v1/applications/{Uri.EscapeDataString(p.GetValue(application)!)}", new { callbackUrls = given }),
                    ("id", a => Output.Str(a, "id")),
                    ("name", a => Output.Str(a, "name")),
                    ("callbacks", a => string.Join(", ", a.GetProperty("callbackUrls").EnumerateArray().Select(u => u.GetString()))));
            }, application, urls, none),
        };
        RemoteOptions.AddTo(command);
        return command;
    }

    /// <summary><c>chat (Gold)</c>, marked when the API no longer offers the tier (the subscription keeps it).</summary>
    private static string Subscription(JsonElement s) =>
        $"{Output.Str(s, "apiId")} ({Output.Str(s, "tier")}{(s.TryGetProperty("tierOffered", out var offered) && !offered.GetBoolean() ? ", not offered any more" : "")})";
}
