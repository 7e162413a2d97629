using System.Text.Json;
using WsGate.Admin.Console;
using WsGate.AsyncApi;
using WsGate.Configuration.Apis;
using WsGate.Listeners;
using WsGate.Management;

namespace WsGate.Admin.Portal;

/// <summary>
/// The API store: published, prototyped (marked, to try before the backend exists) and deprecated APIs with their URLs,
/// documentation and how to authenticate.
/// </summary>
public sealed class IndexModel(ConfigManager config, ListenerManager listeners) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/apis";

    public IReadOnlyList<(ApiConfig Api, IReadOnlyList<string> Urls)> Apis { get; private set; } = [];

    public void OnGet() =>
        Apis = config.Current.Apis
            .Where(a => a.Lifecycle is ApiLifecycle.Published or ApiLifecycle.Prototyped or ApiLifecycle.Deprecated)
            .OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Version, StringComparer.OrdinalIgnoreCase)
            .Select(a => (a, PortalUrls.For(a, listeners, Request)))
            .ToList();

    /// <summary>A payload schema as a reader wants it: indented; <c>any</c> for a message without one.</summary>
    public static string Schema(AsyncApiMessage message) =>
        message.Payload is { } payload ? JsonSerializer.Serialize(payload, IndentedJson) : "any";

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>The tiers a subscription to <paramref name="api"/> may choose: the ones it lists, or every tier.</summary>
    public IReadOnlyList<string> Tiers(ApiConfig api) => api.OfferedTiers(config.Current.Tiers).Select(t => t.Name).ToList();

    /// <summary>How clients of this API prove who they are: the API's own settings, or those of its first listener.</summary>
    /// <summary>Which accounts a user name and password are checked against (RoboTask's "system user accounts").</summary>
    public static string AccountsText(Configuration.Identity.AuthenticationConfig authentication) => authentication.Accounts switch
    {
        Configuration.Identity.AccountSource.System => "Use your account on the server's operating system.",
        Configuration.Identity.AccountSource.Both => "Use your WsGate account, or your account on the server's operating system.",
        _ => "Use your WsGate account (the one you sign in to this portal with).",
    };

    public Configuration.Identity.AuthenticationConfig Authentication(ApiConfig api) =>
        api.Authentication
        ?? api.Listeners.Select(id => config.Current.FindListener(id)?.Authentication).FirstOrDefault(a => a is not null)
        ?? new Configuration.Identity.AuthenticationConfig();

    /// <summary>A short example of connecting from a browser and getting a token from a shell.</summary>
    public string Example(string url) =>
        $$"""
        // in a browser, with an access token from My applications
        const ws = new WebSocket("{{url}}", ["access_token", TOKEN]);
        ws.onmessage = e => console.log(e.data);
        ws.onclose = e => console.log("closed", e.code, e.reason);

        # a token from a shell, with the application's consumer key and secret
        curl -s -u CONSUMER_KEY:CONSUMER_SECRET -d grant_type=client_credentials {{Request.Scheme}}://{{Request.Host}}/oauth2/token
        """;
}
