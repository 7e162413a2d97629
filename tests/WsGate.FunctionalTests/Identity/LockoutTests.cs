using System.Net;
using System.Net.Http.Headers;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>
/// Repeated failures lock a user or a client address out, on a manual clock; each test has its own server. Counted per
/// scope: what an anonymous client does on a listener never locks anyone out of the admin API.
/// </summary>
public sealed class LockoutTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(time: _clock);
        await _server.ImportLockoutAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Connect_AfterMaxWrongPasswords_RightPasswordLockedOutUntilLockoutEnds()
    {
        await _server.CreateUserAsync("locky", "locky-Pw-5k2j8d");
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "basic" } });
        for (var i = 0; i < 3; i++)
        {
            var wrong = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", IdentityTestExtensions.Basic("locky", "wrong-" + i)));
            Assert.Equal((401, "invalid_credentials"), (wrong.Status, wrong.Reason));
        }

        var locked = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", IdentityTestExtensions.Basic("locky", "locky-Pw-5k2j8d")));
        _clock.Advance(TimeSpan.FromSeconds(31));
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Authorization", IdentityTestExtensions.Basic("locky", "locky-Pw-5k2j8d")));

        Assert.Equal((401, "locked_out", "30"), (locked.Status, locked.Reason, locked.RetryAfter));
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Connect_UnknownApiKeysFromOneAddress_AddressLockedOut()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "apiKey" } });
        for (var i = 0; i < 3; i++)
        {
            var unknown = await RawHandshake.SendAsync(_server.EchoUri, ("X-API-Key", "wsg_ak_guess" + i));
            Assert.Equal((401, "invalid_api_key"), (unknown.Status, unknown.Reason));
        }

        var locked = await RawHandshake.SendAsync(_server.EchoUri, ("X-API-Key", "wsg_ak_guess-next"));

        Assert.Equal((401, "locked_out"), (locked.Status, locked.Reason));
        Assert.NotNull(locked.RetryAfter);
    }

    [Fact]
    public async Task Connect_WrongApiKeysLockAddress_AdminApiStillAnswers()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "apiKey" } });
        for (var i = 0; i < 4; i++)
        {
            await RawHandshake.SendAsync(_server.EchoUri, ("X-API-Key", "wsg_ak_guess" + i));
        }

        using var admin = await _server.Admin.GetAsync("/api/v1/listeners");

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Unlock_LockedAddress_HandshakeAdmittedAgainAndAudited()
    {
        await _server.CreateUserAsync("unlocky", "unlocky-Pw-5k2j8d");
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "basic", "apiKey" } });
        for (var i = 0; i < 3; i++)
        {
            await RawHandshake.SendAsync(_server.EchoUri, ("X-API-Key", "wsg_ak_guess" + i));
        }

        var locked = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", IdentityTestExtensions.Basic("unlocky", "unlocky-Pw-5k2j8d")));
        var listed = await _server.GetJsonAsync("/api/v1/lockouts?lockedOnly=true");
        using var unlock = await _server.PostJsonAsync("/api/v1/lockouts/unlock", new { subject = "ip:127.0.0.1", scope = "public" });
        var unlocked = await IdentityTestExtensions.ExpectAsync(unlock, HttpStatusCode.OK);
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Authorization", IdentityTestExtensions.Basic("unlocky", "unlocky-Pw-5k2j8d")));
        var audit = await _server.GetJsonAsync("/api/v1/audit?target=ip:127.0.0.1");

        Assert.Equal((401, "locked_out"), (locked.Status, locked.Reason));
        var entry = Assert.Single(listed.EnumerateArray());
        Assert.Equal(("public", "ip:127.0.0.1", 3), (entry.GetProperty("scope").GetString(), entry.GetProperty("subject").GetString(), entry.GetProperty("failures").GetInt32()));
        Assert.Equal(1, unlocked.GetProperty("removed").GetInt32());
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);
        Assert.Equal("POST /api/v1/lockouts/unlock", Assert.Single(audit.EnumerateArray()).GetProperty("action").GetString());
    }

    [Fact]
    public async Task Unlock_AsOperator_Forbidden()
    {
        await _server.CreateUserAsync("watcher", "watcher-Pw-5k2j8d", roles: ["operator"]);
        using var operatorClient = _server.ClientFor("watcher", "watcher-Pw-5k2j8d");

        using var list = await operatorClient.GetAsync("/api/v1/lockouts");
        using var unlockBody = IdentityTestExtensions.Json(new { subject = "ip:127.0.0.1" });
        using var unlock = await operatorClient.PostAsync("/api/v1/lockouts/unlock", unlockBody);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (list.StatusCode, unlock.StatusCode));
    }

    [Fact]
    public async Task Unlock_NoSubject_BadRequestNamingTheField()
    {
        using var response = await _server.PostJsonAsync("/api/v1/lockouts/unlock", new { scope = "everywhere" });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("subject", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WrongSecrets_ClientLockedOutWithRetryAfter()
    {
        await _server.CreateUserAsync("tokeny", "tokeny-Pw-5k2j8d", roles: ["subscriber"]);
        var app = await _server.CreateApplicationAsync("tokeny", "app");
        var keys = await _server.GenerateKeysAsync(app);
        var consumerKey = keys.GetProperty("consumerKey").GetString()!;
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await TokenAsync(consumerKey, "cs_wrong" + i);
            answers.Add(wrong.StatusCode);
        }

        using var right = await TokenAsync(consumerKey, keys.GetProperty("consumerSecret").GetString()!);
        var body = await right.Content.ReadAsStringAsync();

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a));
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("too many failed attempts", body, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), right.Headers.RetryAfter?.Delta);
    }

    private async Task<HttpResponseMessage> TokenAsync(string consumerKey, string secret)
    {
        using var client = new HttpClient { BaseAddress = _server.AdminAddress };
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(IdentityTestExtensions.Basic(consumerKey, secret));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        return await client.PostAsync("/oauth2/token", form);
    }
}
