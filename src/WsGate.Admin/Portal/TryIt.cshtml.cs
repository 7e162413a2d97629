using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Console;
using WsGate.AsyncApi;
using WsGate.Configuration.Apis;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Portal;

/// <summary>
/// The try-it console: a WebSocket opened by the browser itself to an API (or a listener's own endpoint) with a token or
/// API key, to send messages and watch what comes back and how the connection closes. A token for one of the user's
/// applications comes through the authorization code grant with PKCE, as any client of the application would get one:
/// the console sends the browser to <c>/oauth2/authorize</c> with the page's callback as redirect URI (which the
/// application must have registered), and exchanges the code through the token endpoint's own
/// <see cref="AuthorizationCodeGrant"/>.
/// </summary>
public sealed class TryItModel(ConfigManager config, ListenerManager listeners, IIdentityStore store, AuthorizationCodeGrant grant, IDataProtectionProvider protection)
    : ConsolePageModel
{
    private const string CookieName = "wsgate_tryit_pkce";
    public override string ApiPath => "/api/v1/applications";

    [BindProperty(SupportsGet = true, Name = "api")]
    public string? ApiId { get; set; }

    /// <summary>Posted from the applications page, so the token never appears in a URL.</summary>
    [BindProperty]
    public string? Token { get; set; }

    /// <summary>The refresh token issued with a token obtained here, for trying the refresh grant.</summary>
    public string? RefreshToken { get; private set; }

    /// <summary>Why getting a token did not work, shown beside the form.</summary>
    public string? AuthorizationError { get; private set; }

    public IReadOnlyList<(string Label, string Url)> Targets { get; private set; } = [];

    /// <summary>The chosen API's example messages (its AsyncAPI contract's, or made from its schemas); the first fills the message box.</summary>
    public IReadOnlyList<AsyncApiExample> Examples { get; private set; } = [];

    /// <summary>The user's applications' keys: a token can be asked for each.</summary>
    public IReadOnlyList<(StoredApplication Application, StoredApplicationKey Key)> Clients { get; private set; } = [];

    /// <summary>The redirect URI of this console: an application registers it to get tokens here.</summary>
    public string CallbackUrl => TryItCallbackUrl(Request);

    public static string TryItCallbackUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/portal/tryit/callback";

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Starts the code flow: a fresh verifier and state in the cookie, then the browser to the consent page.</summary>
    public async Task<IActionResult> OnPostAuthorizeAsync(string? consumerKey)
    {
        await LoadAsync();
        var client = Clients.FirstOrDefault(c => c.Key.ConsumerKey == consumerKey);
        if (client.Key is null)
        {
            AuthorizationError = "Choose one of your applications with keys.";
            return Page();
        }

        if (!CallbackUrls.IsRegistered(client.Application.CallbackUrls, CallbackUrl))
        {
            AuthorizationError = $"Register {CallbackUrl} as a callback URL of {client.Application.Name} under My applications first.";
            return Page();
        }

        var verifier = Secrets.New("");
        var state = Secrets.New("");
        var remembered = new TryItAuthorization(client.Key.ConsumerKey, CallbackUrl, verifier, state);
        Response.Cookies.Append(CookieName, Protector.Protect(JsonSerializer.Serialize(remembered)), new CookieOptions
        {
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = Request.PathBase + "/portal/tryit",
            MaxAge = TimeSpan.FromMinutes(10),
        });
        var authorize = AuthorizationCodeGrant.Redirect(
            Request.PathBase + "/oauth2/authorize",
            state,
            ("response_type", "code"),
            ("client_id", client.Key.ConsumerKey),
            ("redirect_uri", CallbackUrl),
            ("code_challenge", Pkce.Challenge(verifier)),
            ("code_challenge_method", Pkce.S256));
        return LocalRedirect(authorize);
    }

    /// <summary>The consent page's answer: the state checked against the cookie, the code exchanged with the verifier.</summary>
    public async Task<IActionResult> OnGetCallbackAsync(string? code, string? state, string? error, [FromQuery(Name = "error_description")] string? errorDescription)
    {
        await LoadAsync();
        var remembered = Remembered();
        Response.Cookies.Delete(CookieName, new CookieOptions { Path = Request.PathBase + "/portal/tryit" });
        if (remembered is null || string.IsNullOrEmpty(state) || !Secrets.FixedTimeEquals(remembered.State, state))
        {
            AuthorizationError = "This answer does not belong to a request started here (or it took longer than 10 minutes); get a token again.";
            return Page();
        }

        if (!string.IsNullOrEmpty(error))
        {
            AuthorizationError = $"No token: {error}" + (string.IsNullOrEmpty(errorDescription) ? "" : $" ({errorDescription})");
            return Page();
        }

        var (token, failure) = await grant.ExchangeCodeAsync(
            remembered.ConsumerKey, null, code, remembered.RedirectUri, remembered.CodeVerifier, HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.RequestAborted);
        if (token is null)
        {
            AuthorizationError = $"No token: {failure?.Code} ({failure?.Detail})";
            return Page();
        }

        Token = token.AccessToken;
        RefreshToken = token.RefreshToken;
        return Page();
    }

    private IDataProtector Protector => protection.CreateProtector("WsGate.Portal.TryIt.Authorization");

    private TryItAuthorization? Remembered()
    {
        if (!Request.Cookies.TryGetValue(CookieName, out var sealedValue))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TryItAuthorization>(Protector.Unprotect(sealedValue));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // A cookie sealed with a key that is gone, or altered: the flow simply starts again.
            return null;
        }
    }

    private async Task LoadAsync()
    {
        var clients = new List<(StoredApplication, StoredApplicationKey)>();
        foreach (var application in await store.ListApplicationsAsync(Principal.Username, HttpContext.RequestAborted))
        {
            clients.AddRange((await store.ListKeysAsync(application.Id, HttpContext.RequestAborted)).Select(k => (application, k)));
        }

        Clients = clients;

        var targets = new List<(string, string)>();
        foreach (var api in config.Current.Apis.Where(a => a.Lifecycle is ApiLifecycle.Published or ApiLifecycle.Prototyped or ApiLifecycle.Deprecated)
            .OrderByDescending(a => string.Equals(a.Id, ApiId, StringComparison.OrdinalIgnoreCase)).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase))
        {
            var label = api.Lifecycle == ApiLifecycle.Prototyped ? $"{api.Name} {api.Version} (prototype)" : $"{api.Name} {api.Version}";
            targets.AddRange(PortalUrls.For(api, listeners, Request).Select(u => (label, u)));
        }

        foreach (var listener in config.Current.Listeners)
        {
            targets.AddRange(ClientUrls.Endpoints(listeners.Find(listener.Id), Request.Host.Host)
                .Select(e => ($"listener {listener.Id}: {e.Endpoint.Kind.ToString().ToLowerInvariant()}", e.Url)));
        }

        Targets = targets.Distinct().ToList();
        Examples = ApiId is not null && config.Current.FindApi(ApiId) is { } chosen ? AsyncApiContracts.ClientExamples(chosen) : [];
    }
}
