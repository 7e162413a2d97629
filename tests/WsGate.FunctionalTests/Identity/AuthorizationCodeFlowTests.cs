using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Identity;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>
/// The authorization code grant with PKCE and rotating refresh tokens over real HTTP: the owner signs in to the portal
/// and consents at <c>/oauth2/authorize</c>, the redirect's code is exchanged at <c>/oauth2/token</c> with the verifier,
/// and the token opens a WebSocket to an OAuth-protected API. On a manual clock (no failure delay, codes expire on cue).
/// </summary>
public sealed class AuthorizationCodeFlowTests : IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:7/cb";
    private const string Password = "owner-Pw-83hd62k";
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(2000);
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestServer _server = null!;
    private TestBackend _backend = null!;
    private string _consumerKey = null!;
    private string _consumerSecret = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(time: _clock);
        _backend = await TestBackend.StartAsync("backend");
        await _server.ImportAsync("""
            identity:
              revalidationGraceMs: 2000
              authorizationCodeLifetimeSeconds: 60
              lockout:
                failureDelayMs: 0
            """);
        await _server.PublishApiAsync("secure", "/secure", [_backend.Url("/name")], new { authentication = new { modes = new[] { "oauth2" } } });
        await _server.CreateUserAsync("owner", Password, roles: ["subscriber"]);
        using var created = await _server.PostJsonAsync("/api/v1/applications", new { name = "spa", owner = "owner", callbackUrls = new[] { Callback, "https://spa.example/cb" } });
        var app = (await IdentityTestExtensions.ExpectAsync(created, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var keys = await _server.GenerateKeysAsync(app);
        _consumerKey = keys.GetProperty("consumerKey").GetString()!;
        _consumerSecret = keys.GetProperty("consumerSecret").GetString()!;
        await _server.SubscribeAsync(app, "secure");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task CodeFlow_SignedInOwnerConsents_TokenConnectsRefreshRotatesAndReuseRevokesFamily()
    {
        var verifier = Secrets.New("");
        var redirect = await AuthorizeAsync(verifier, state: "st-123");
        Assert.StartsWith(Callback + "?", redirect, StringComparison.Ordinal);
        Assert.Equal("st-123", Query(redirect)["state"].ToString());

        var tokens = await TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = Query(redirect)["code"].ToString(), ["redirect_uri"] = Callback, ["code_verifier"] = verifier });
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/secure/v1"), o => o.SetRequestHeader("Authorization", "Bearer " + tokens.Access));
        Assert.Equal("backend", await socket.ReceiveTextAsync());

        var rotated = await TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.Refresh });
        Assert.NotEqual(tokens.Refresh, rotated.Refresh);
        using (var second = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/secure/v1"), o => o.SetRequestHeader("Authorization", "Bearer " + rotated.Access)))
        {
            Assert.Equal("backend", await second.ReceiveTextAsync());
        }

        var reused = await TokenErrorAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.Refresh });
        var successorAfterReuse = await TokenErrorAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = rotated.Refresh });
        var handshake = await RawHandshake.SendAsync(_server.ListenerUri("default", "/secure/v1"), ("Authorization", "Bearer " + rotated.Access));
        await CloseAfterGraceAsync();

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), reused);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), successorAfterReuse);
        Assert.Equal((401, "token_revoked"), (handshake.Status, handshake.Reason));
        var close = await socket.ReceiveCloseAsync(TimeSpan.FromSeconds(20));
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "refresh token reused"), (close.CloseStatus, close.CloseDescription));
    }

    [Fact]
    public async Task Token_CodeUsedTwice_SecondRefusedAndFirstTokensRevoked()
    {
        var verifier = Secrets.New("");
        var code = Query(await AuthorizeAsync(verifier))["code"].ToString();
        var exchange = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback, ["code_verifier"] = verifier };
        var tokens = await TokenAsync(exchange);

        var replay = await TokenErrorAsync(exchange);
        var refresh = await TokenErrorAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.Refresh });
        var handshake = await RawHandshake.SendAsync(_server.ListenerUri("default", "/secure/v1"), ("Authorization", "Bearer " + tokens.Access));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), replay);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), refresh);
        Assert.Equal((401, "token_revoked"), (handshake.Status, handshake.Reason));
    }

    [Theory]
    [InlineData("verifier")]
    [InlineData("redirect")]
    [InlineData("expired")]
    [InlineData("unknown")]
    public async Task Token_BadExchange_RefusedInvalidGrant(string fault)
    {
        var verifier = Secrets.New("");
        var code = Query(await AuthorizeAsync(verifier))["code"].ToString();
        if (fault == "expired")
        {
            _clock.Advance(TimeSpan.FromSeconds(61));
        }

        var refused = await TokenErrorAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = fault == "unknown" ? "wsg_ac_" + Secrets.New("") : code,
            ["redirect_uri"] = fault == "redirect" ? "https://spa.example/cb" : Callback,
            ["code_verifier"] = fault == "verifier" ? Secrets.New("") : verifier,
        });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), refused);
    }

    [Fact]
    public async Task Token_CodeGrantMissingVerifier_RefusedInvalidRequest()
    {
        var code = Query(await AuthorizeAsync(Secrets.New("")))["code"].ToString();

        var refused = await TokenErrorAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), refused);
    }

    [Fact]
    public async Task Token_ConfidentialClientWrongSecret_RefusedInvalidClient()
    {
        var verifier = Secrets.New("");
        var code = Query(await AuthorizeAsync(verifier))["code"].ToString();

        var refused = await TokenErrorAsync(
            new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback, ["code_verifier"] = verifier, ["client_secret"] = "cs_wrong" });
        var withSecret = await TokenErrorAsync(
            new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback, ["code_verifier"] = verifier, ["client_secret"] = _consumerSecret });

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), refused);
        Assert.Equal((HttpStatusCode.OK, null), withSecret);
    }

    [Fact]
    public async Task Revoke_RefreshToken_RevokesItsGrantAccessTokensToo()
    {
        var verifier = Secrets.New("");
        var code = Query(await AuthorizeAsync(verifier))["code"].ToString();
        var tokens = await TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback, ["code_verifier"] = verifier });

        using var client = new HttpClient { BaseAddress = _server.AdminAddress };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = tokens.Refresh, ["client_id"] = _consumerKey });
        using var revoked = await client.PostAsync("/oauth2/revoke", form);
        var refresh = await TokenErrorAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.Refresh });
        var handshake = await RawHandshake.SendAsync(_server.ListenerUri("default", "/secure/v1"), ("Authorization", "Bearer " + tokens.Access));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), refresh);
        Assert.Equal((401, "token_revoked"), (handshake.Status, handshake.Reason));
    }

    [Theory]
    [InlineData("https://spa.example/cb/")]
    [InlineData("https://spa.example/cb?x=1")]
    [InlineData("https://SPA.example/cb")]
    [InlineData("https://evil.example/cb")]
    [InlineData("")]
    public async Task Authorize_RedirectUriNotRegisteredExactly_ShownToUserNeverRedirected(string redirectUri)
    {
        using var browser = await SignedInAsync();

        using var response = await browser.GetAsync(AuthorizeUrl(Pkce.Challenge(Secrets.New("")), "S256", redirectUri: redirectUri));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("id=\"authorize-error\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("consent-allow", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "invalid_request")]
    [InlineData(null, "invalid_request")]
    [InlineData("S256", "unsupported_response_type")]
    public async Task Authorize_PlainOrMissingPkceOrWrongResponseType_RedirectedWithErrorAndState(string? method, string error)
    {
        using var browser = await SignedInAsync();
        var verifier = Secrets.New("");

        using var response = await browser.GetAsync(AuthorizeUrl(
            method == "plain" ? verifier : Pkce.Challenge(verifier), method, responseType: error == "unsupported_response_type" ? "token" : "code", state: "keep-me"));
        var location = response.Headers.Location!.ToString();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(Callback + "?", location, StringComparison.Ordinal);
        Assert.Equal((error, "keep-me"), (Query(location)["error"].ToString(), Query(location)["state"].ToString()));
    }

    [Fact]
    public async Task Authorize_OwnerDenies_RedirectedAccessDenied()
    {
        using var browser = await SignedInAsync();

        var location = await ConsentAsync(browser, AuthorizeUrl(Pkce.Challenge(Secrets.New("")), "S256", state: "s"), "deny");

        Assert.Equal(("access_denied", "s"), (Query(location)["error"].ToString(), Query(location)["state"].ToString()));
    }

    [Fact]
    public async Task Authorize_NotSignedIn_SentToSignInAndBackToConsent()
    {
        var cookies = new CookieContainer();
        using var browser = ConsoleSignIn.Client(_server.AdminAddress, cookies);
        var url = AuthorizeUrl(Pkce.Challenge(Secrets.New("")), "S256");

        using var response = await browser.GetAsync(url);
        var login = response.Headers.Location!.ToString();
        var token = ConsoleSignIn.AntiforgeryToken(await browser.GetStringAsync(login));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Username"] = "owner", ["Password"] = Password, [ConsoleSignIn.AntiforgeryFieldName] = token });
        using var signedIn = await browser.PostAsync(login, form);

        Assert.Contains("/console/login", login, StringComparison.Ordinal);
        Assert.StartsWith("/oauth2/authorize?", signedIn.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_AnotherUsersApplication_RedirectedAccessDenied()
    {
        await _server.CreateUserAsync("stranger", "stranger-Pw-7s6d5f", roles: ["subscriber"]);
        using var browser = await SignedInAsync("stranger", "stranger-Pw-7s6d5f");

        using var response = await browser.GetAsync(AuthorizeUrl(Pkce.Challenge(Secrets.New("")), "S256"));

        Assert.Equal("access_denied", Query(response.Headers.Location!.ToString())["error"].ToString());
    }

    [Fact]
    public async Task PatchApplication_CallbackUrlNotHttpsNorLoopback_RefusedNamingTheEntry()
    {
        var app = (await _server.GetJsonAsync("/api/v1/applications")).EnumerateArray().Single().GetProperty("id").GetString();
        using var body = IdentityTestExtensions.Json(new { callbackUrls = new[] { "https://ok.example/cb", "http://evil.example/cb" } });

        using var response = await _server.Admin.PatchAsync($"/api/v1/applications/{app}", body);
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("callbackUrls[1]", problem, StringComparison.Ordinal);
        Assert.Equal(2, (await _server.GetJsonAsync($"/api/v1/applications/{app}")).GetProperty("callbackUrls").GetArrayLength());
    }

    /// <summary>Signs the owner in, consents, and returns the redirect's Location.</summary>
    private async Task<string> AuthorizeAsync(string verifier, string state = "s")
    {
        using var browser = await SignedInAsync();
        return await ConsentAsync(browser, AuthorizeUrl(Pkce.Challenge(verifier), "S256", state: state), "allow");
    }

    private static async Task<string> ConsentAsync(HttpClient browser, string url, string decision)
    {
        using var page = await browser.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("consent-allow", html, StringComparison.Ordinal);
        var fields = Query(url).ToDictionary(p => p.Key, p => p.Value.ToString());
        fields["decision"] = decision;
        fields[ConsoleSignIn.AntiforgeryFieldName] = ConsoleSignIn.AntiforgeryToken(html);
        using var form = new FormUrlEncodedContent(fields);
        using var answer = await browser.PostAsync("/oauth2/authorize", form);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return answer.Headers.Location!.ToString();
    }

    private async Task<HttpClient> SignedInAsync(string user = "owner", string password = Password)
    {
        var browser = ConsoleSignIn.Client(_server.AdminAddress, new CookieContainer());
        await ConsoleSignIn.SignInAsync(browser, user, password);
        return browser;
    }

    private string AuthorizeUrl(string challenge, string? method, string responseType = "code", string? redirectUri = Callback, string state = "s") =>
        QueryHelpers.AddQueryString("/oauth2/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = responseType,
            ["client_id"] = _consumerKey,
            ["redirect_uri"] = redirectUri,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = method,
            ["state"] = state,
        }.Where(p => p.Value is not null));

    private async Task<(string Access, string Refresh)> TokenAsync(Dictionary<string, string> fields)
    {
        using var response = await PostTokenAsync(fields);
        var body = await IdentityTestExtensions.ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (body.GetProperty("access_token").GetString()!, body.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>The status and RFC 6749 section 5.2 error code of a token request (no code when it succeeded).</summary>
    private async Task<(HttpStatusCode Status, string? Error)> TokenErrorAsync(Dictionary<string, string> fields)
    {
        using var response = await PostTokenAsync(fields);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.TryGetProperty("error", out var error) ? error.GetString() : null);
    }

    /// <summary>A public client's token request: client_id in the form, no secret unless the fields carry one.</summary>
    private async Task<HttpResponseMessage> PostTokenAsync(Dictionary<string, string> fields)
    {
        using var client = new HttpClient { BaseAddress = _server.AdminAddress };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["client_id"] = _consumerKey });
        return await client.PostAsync("/oauth2/token", form);
    }

    private async Task CloseAfterGraceAsync()
    {
        var monitor = _server.Server.Services.GetRequiredService<CredentialMonitor>();
        await monitor.TickAsync(revalidate: false, CancellationToken.None);
        _clock.Advance(Grace);
        await monitor.TickAsync(revalidate: false, CancellationToken.None);
    }

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Query(string url) =>
        QueryHelpers.ParseQuery(url.Contains('?', StringComparison.Ordinal) ? url[url.IndexOf('?', StringComparison.Ordinal)..] : "");
}
