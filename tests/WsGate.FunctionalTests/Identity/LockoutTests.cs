using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>Repeated failures lock a user or a client address out, on a manual clock; each test has its own server.</summary>
public sealed class LockoutTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(time: _clock);
        await _server.ImportAsync("""
            identity:
              lockout:
                maxFailures: 3
                windowSeconds: 60
                lockoutSeconds: 30
                failureDelayMs: 0
            """);
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
}
