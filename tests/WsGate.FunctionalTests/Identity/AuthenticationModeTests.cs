using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>Each authentication mode accepted and refused over real sockets, on the listener's /echo and through an API.</summary>
public sealed class AuthenticationModeTests(AuthenticationFixture fixture) : IClassFixture<AuthenticationFixture>
{
    private static readonly string[] BasicOnly = ["basic"];
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Connect_AnonymousListener_Echoes()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "anonymous" } });

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        await socket.SendTextAsync("hi");

        Assert.Equal("hi", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Connect_NoCredentialsWhereBasicRequired_Refused401MissingCredentials()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = BasicOnly });

        var answer = await RawHandshake.SendAsync(_server.EchoUri);

        Assert.Equal((401, "missing_credentials"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Connect_GoodBasic_AcceptedOnEchoAndThroughApi()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = BasicOnly });
        var header = IdentityTestExtensions.Basic("alice", AuthenticationFixture.AlicePassword);

        using var echo = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Authorization", header));
        using var api = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/all/v1"), o => o.SetRequestHeader("Authorization", header));
        await echo.SendTextAsync("hi");

        Assert.Equal("hi", await echo.ReceiveTextAsync());
        Assert.Contains("/headers", await api.ReceiveTextAsync(), StringComparison.Ordinal);
        var users = await ConnectedUsersAsync(2);
        Assert.Equal(["alice", "alice"], users);
    }

    [Theory]
    [InlineData("alice", "wrong-password", "invalid_credentials")]
    [InlineData("nobody", "whatever-pw", "invalid_credentials")]
    [InlineData("bob", AuthenticationFixture.BobPassword, "user_disabled")]
    [InlineData(null, "!!!not base64!!!", "malformed_basic")]
    [InlineData(null, "YWxpY2U=", "malformed_basic")]
    public async Task Connect_BadBasic_Refused401WithReasonOnEchoAndApi(string? user, string secret, string reason)
    {
        await _server.SetListenerAuthenticationAsync(new { modes = BasicOnly });
        var header = user is null ? "Basic " + secret : IdentityTestExtensions.Basic(user, secret);

        var echo = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", header));
        var api = await RawHandshake.SendAsync(_server.ListenerUri("default", "/all/v1"), ("Authorization", header));

        Assert.Equal((401, reason), (echo.Status, echo.Reason));
        Assert.Equal((401, reason), (api.Status, api.Reason));
    }

    [Fact]
    public async Task Connect_UrlCredentialsNotListed_Refused401ModeNotAllowed()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = BasicOnly });

        var answer = await RawHandshake.SendAsync(_server.ListenerUri("default", $"/auth/alice/{AuthenticationFixture.AlicePassword}/echo"));

        Assert.Equal((401, "mode_not_allowed"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Connect_UrlCredentialsListed_AcceptedAndPasswordNeitherLoggedNorListedNorForwarded()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "url" } });
        var prefix = $"/auth/alice/{AuthenticationFixture.AlicePassword}";

        using var echo = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", prefix + "/echo"));
        using var api = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", prefix + "/all/v1"));
        await echo.SendTextAsync("hi");
        Assert.Equal("hi", await echo.ReceiveTextAsync());
        var seen = await api.ReceiveTextAsync();
        await ConnectedUsersAsync(2);
        var listing = (await _server.GetJsonAsync("/api/v1/connections")).GetRawText();

        Assert.DoesNotContain(AuthenticationFixture.AlicePassword, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(AuthenticationFixture.AlicePassword, seen, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Message.Contains(AuthenticationFixture.AlicePassword, StringComparison.Ordinal)
            || (l.Exception?.ToString().Contains(AuthenticationFixture.AlicePassword, StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public async Task Connect_ApiKeyCustomHeaderOrQuery_AcceptedAndDefaultNamesIgnored()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "apiKey" }, apiKeyHeader = "X-Custom-Key", apiKeyQuery = "ck" });

        using var byHeader = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("X-Custom-Key", fixture.ApiKey));
        using var byQuery = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/echo?ck=" + Uri.EscapeDataString(fixture.ApiKey)));
        using var apiByQuery = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/all/v1?ck=" + Uri.EscapeDataString(fixture.ApiKey)));
        var seen = await apiByQuery.ReceiveTextAsync();
        var defaultName = await RawHandshake.SendAsync(_server.EchoUri, ("X-API-Key", fixture.ApiKey));
        var unknown = await RawHandshake.SendAsync(_server.ListenerUri("default", "/echo?ck=wsg_ak_unknown"));

        Assert.Equal(WebSocketState.Open, byHeader.State);
        Assert.Equal(WebSocketState.Open, byQuery.State);
        Assert.DoesNotContain(fixture.ApiKey, seen, StringComparison.Ordinal);
        Assert.Equal((401, "missing_credentials"), (defaultName.Status, defaultName.Reason));
        Assert.Equal((401, "invalid_api_key"), (unknown.Status, unknown.Reason));
    }

    [Fact]
    public async Task Connect_OAuth2BearerHeader_AcceptedAndTokenNotForwarded()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/all/v1"), o => o.SetRequestHeader("Authorization", "Bearer " + fixture.Token));

        Assert.DoesNotContain(fixture.Token, await socket.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_OAuth2AccessTokenQuery_AcceptedAndTokenNotForwarded()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/all/v1?x=1&access_token=" + Uri.EscapeDataString(fixture.Token)));
        var seen = JsonDocument.Parse(await socket.ReceiveTextAsync()).RootElement;

        Assert.DoesNotContain(fixture.Token, seen.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("?x=1", seen.GetProperty("query").GetString());
    }

    [Fact]
    public async Task Connect_OAuth2SubprotocolPair_AnswersAccessTokenAndBackendNeverSeesToken()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/all/v1"), o =>
        {
            o.AddSubProtocol("access_token");
            o.AddSubProtocol(fixture.Token);
        });
        var seen = JsonDocument.Parse(await socket.ReceiveTextAsync()).RootElement;

        Assert.Equal("access_token", socket.SubProtocol);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("subProtocol").ValueKind);
        Assert.DoesNotContain(fixture.Token, seen.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_OAuth2WhereNotListed_Refused401ModeNotAllowed()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = BasicOnly });

        var answer = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", "Bearer " + fixture.Token));

        Assert.Equal((401, "mode_not_allowed"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Connect_GroupRestriction_MemberAcceptedNonMember403NotInGroup()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = BasicOnly, groups = new[] { "ops" } });

        using var member = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Authorization", IdentityTestExtensions.Basic("alice", AuthenticationFixture.AlicePassword)));
        var outsider = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", IdentityTestExtensions.Basic("carol", AuthenticationFixture.CarolPassword)));

        Assert.Equal(WebSocketState.Open, member.State);
        Assert.Equal((403, "not_in_group"), (outsider.Status, outsider.Reason));
    }

    [Fact]
    public async Task Connect_ExternalJwtThroughApi_AcceptedAndExpiredRefused()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var good = TestJwt.Hs256(AuthenticationFixture.JwtSecret, new { iss = AuthenticationFixture.JwtIssuer, aud = "wsgate", sub = "jwt-user", exp = now + 600 });
        var expired = TestJwt.Hs256(AuthenticationFixture.JwtSecret, new { iss = AuthenticationFixture.JwtIssuer, aud = "wsgate", sub = "jwt-user", exp = now - 600 });

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/all/v1"), o => o.SetRequestHeader("Authorization", "Bearer " + good));
        await socket.ReceiveTextAsync();
        var user = (await ConnectedUsersAsync(1)).Single();
        var refused = await RawHandshake.SendAsync(_server.ListenerUri("default", "/all/v1"), ("Authorization", "Bearer " + expired));

        Assert.Equal("jwt-user", user);
        Assert.Equal((401, "token_expired"), (refused.Status, refused.Reason));
    }

    [Theory]
    [InlineData("oversized")]
    [InlineData("twice")]
    [InlineData("empty-bearer")]
    public async Task Connect_BadAuthorizationHeader_Refused401NeverUpgraded(string shape)
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "basic", "oauth2" } });
        var basic = IdentityTestExtensions.Basic("alice", AuthenticationFixture.AlicePassword);
        (string, string)[] headers = shape switch
        {
            "oversized" => [("Authorization", "Bearer " + new string('a', 9 * 1024))],
            "twice" => [("Authorization", basic), ("Authorization", basic)],
            _ => [("Authorization", "Bearer ")],
        };

        var echo = await RawHandshake.SendAsync(_server.EchoUri, headers);
        var api = await RawHandshake.SendAsync(_server.ListenerUri("default", "/all/v1"), headers);

        Assert.Equal(401, echo.Status);
        Assert.Equal(401, api.Status);
        Assert.False(string.IsNullOrEmpty(echo.Reason));
        if (shape == "oversized")
        {
            Assert.Equal("header_too_large", echo.Reason);
            Assert.Equal("header_too_large", api.Reason);
        }
    }

    /// <summary>The users of the listed connections once exactly <paramref name="count"/> are open (earlier tests' sockets may still be leaving).</summary>
    private async Task<List<string?>> ConnectedUsersAsync(int count)
    {
        var users = new List<string?>();
        await Eventually.TrueAsync(async () =>
        {
            users = (await _server.GetJsonAsync("/api/v1/connections")).EnumerateArray().Select(c => c.GetProperty("user").GetString()).ToList();
            return users.Count == count;
        });
        return users;
    }
}
