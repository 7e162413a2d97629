using System.Net.WebSockets;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>Operating-system accounts (PAM and the system's groups) on a real listener, with a user the fixture creates.</summary>
public sealed class SystemAccountTests(SystemAccountFixture fixture) : IClassFixture<SystemAccountFixture>
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Connect_SystemAccountRightPassword_AdmittedWithTheSystemsGroups()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "basic" }, accounts = "system", pamService = fixture.PamService });

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Authorization", IdentityTestExtensions.Basic(fixture.User, SystemAccountFixture.Password)));
        await socket.SendTextAsync("hi");

        Assert.Equal("hi", await socket.ReceiveTextAsync());
        var connection = await OnlyConnectionAsync();
        Assert.Equal(fixture.User, connection.GetProperty("user").GetString());
        Assert.Contains(fixture.Group, connection.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task Connect_SystemAccountWrongPasswordOrUnknownUser_Refused401()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "basic", "url" }, accounts = "system", pamService = fixture.PamService });

        var wrong = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", IdentityTestExtensions.Basic(fixture.User, "not-the-password")));
        var unknown = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", IdentityTestExtensions.Basic("nosuchuser" + fixture.Group.GetHashCode(StringComparison.Ordinal), "whatever-pw")));
        var wsgateUser = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", IdentityTestExtensions.Basic("webonly", SystemAccountFixture.WsGatePassword)));
        var wrongUrl = await RawHandshake.SendAsync(_server.ListenerUri("default", $"/auth/{fixture.User}/not-the-password/echo"));

        Assert.Equal((401, "invalid_credentials"), (wrong.Status, wrong.Reason));
        Assert.Equal((401, "invalid_credentials"), (unknown.Status, unknown.Reason));
        Assert.Equal((401, "invalid_credentials"), (wsgateUser.Status, wsgateUser.Reason));
        Assert.Equal((401, "invalid_credentials"), (wrongUrl.Status, wrongUrl.Reason));
    }

    [Fact]
    public async Task Connect_SystemAccountByUrlCredentials_Admitted()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "url" }, accounts = "system", pamService = fixture.PamService });

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", $"/auth/{fixture.User}/{SystemAccountFixture.Password}/echo"));
        await socket.SendTextAsync("hi");

        Assert.Equal("hi", await socket.ReceiveTextAsync());
        Assert.Equal(fixture.User, (await OnlyConnectionAsync()).GetProperty("user").GetString());
    }

    [Fact]
    public async Task Connect_GroupRestriction_SystemGroupMemberAdmittedOthersRefused403()
    {
        var basic = IdentityTestExtensions.Basic(fixture.User, SystemAccountFixture.Password);
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "basic" }, accounts = "system", pamService = fixture.PamService, groups = new[] { fixture.OtherGroup } });
        var outsider = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", basic));

        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "basic" }, accounts = "system", pamService = fixture.PamService, groups = new[] { fixture.Group } });
        using var member = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Authorization", basic));

        Assert.Equal((403, "not_in_group"), (outsider.Status, outsider.Reason));
        Assert.Equal(WebSocketState.Open, member.State);
    }

    [Fact]
    public async Task Connect_BothAccountSources_WsGateUserAndSystemUserAdmitted()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "basic" }, accounts = "both", pamService = fixture.PamService });

        using var system = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Authorization", IdentityTestExtensions.Basic(fixture.User, SystemAccountFixture.Password)));
        using var wsgate = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Authorization", IdentityTestExtensions.Basic("webonly", SystemAccountFixture.WsGatePassword)));
        var wsgateWithSystemPassword = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", IdentityTestExtensions.Basic("webonly", SystemAccountFixture.Password)));

        Assert.Equal(WebSocketState.Open, system.State);
        Assert.Equal(WebSocketState.Open, wsgate.State);
        Assert.Equal((401, "invalid_credentials"), (wsgateWithSystemPassword.Status, wsgateWithSystemPassword.Reason));
    }

    [Fact]
    public async Task Connect_SystemAccountsOnlyAsConfigured_DefaultChecksWsGateUsersOnly()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "basic" } });

        var answer = await RawHandshake.SendAsync(_server.EchoUri, ("Authorization", IdentityTestExtensions.Basic(fixture.User, SystemAccountFixture.Password)));

        Assert.Equal((401, "invalid_credentials"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Connect_RepeatedWrongSystemPasswords_LockedOutLikeWsGateUsers()
    {
        await using var server = await TestServer.StartAsync();
        await server.ImportLockoutAsync(maxFailures: 2);
        await server.SetListenerAuthenticationAsync(new { modes = new[] { "basic" }, accounts = "system", pamService = fixture.PamService });
        for (var i = 0; i < 2; i++)
        {
            var wrong = await RawHandshake.SendAsync(server.EchoUri, ("Authorization", IdentityTestExtensions.Basic(fixture.User, "wrong-" + i)));
            Assert.Equal((401, "invalid_credentials"), (wrong.Status, wrong.Reason));
        }

        var locked = await RawHandshake.SendAsync(server.EchoUri, ("Authorization", IdentityTestExtensions.Basic(fixture.User, SystemAccountFixture.Password)));

        Assert.Equal((401, "locked_out"), (locked.Status, locked.Reason));
        Assert.Contains((await server.GetJsonAsync("/api/v1/lockouts")).EnumerateArray(), l => l.GetRawText().Contains("os:" + fixture.User, StringComparison.Ordinal));
    }

    private async Task<System.Text.Json.JsonElement> OnlyConnectionAsync()
    {
        System.Text.Json.JsonElement[] connections = [];
        await Eventually.TrueAsync(async () =>
        {
            connections = [.. (await _server.GetJsonAsync("/api/v1/connections")).EnumerateArray()];
            return connections.Length == 1;
        });
        return connections[0];
    }
}
