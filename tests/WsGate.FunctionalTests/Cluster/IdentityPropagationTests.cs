using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Cluster;
using WsGate.Configuration.Identity;
using WsGate.FunctionalTests.Identity;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Cluster;

/// <summary>
/// Identity changes made on one node take effect on the others at once: a changed password is no longer accepted
/// there (each node caches good verifications for a minute), and a disabled user's live connection there is closed.
/// </summary>
public sealed class IdentityPropagationTests : IAsyncLifetime
{
    private TestServer _a = null!;
    private TestServer _b = null!;

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.SharedAsync();
        var nodes = await ClusterNodes.StartAsync(postgres.Url(await postgres.CreateDatabaseAsync("identity")), "id-a", "id-b");
        _a = nodes[0];
        _b = nodes[1];
        await Eventually.TrueAsync(
            () => new[] { _a, _b }.All(n => n.Server.Services.GetRequiredService<ClusterBus>().IsListening),
            TimeSpan.FromSeconds(30));
        await _a.SetListenerAuthenticationAsync(new { modes = new[] { "basic" } });
        await _a.CreateUserAsync("ann", "first-Pw-8f7d6s");
        await Eventually.TrueAsync(
            () => _b.Server.Listeners.Find("default")!.Config.Authentication.Allows(AuthMode.Basic),
            TimeSpan.FromSeconds(20),
            "node-b never required Basic");
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task PasswordChangedOnOneNode_OldPasswordRefusedOnTheOtherAtOnce()
    {
        using (var first = await ConnectAsync(_b, "first-Pw-8f7d6s"))
        {
            await first.SendTextAsync("cached now");
            Assert.Equal("cached now", await first.ReceiveTextAsync());
        }

        using var patchedBody = IdentityTestExtensions.Json(new { password = "second-Pw-2k4j6h" });
        using (var patched = await _a.Admin.PatchAsync("/api/v1/users/ann", patchedBody))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        // Without the cluster bus node-b would accept the old password for the minute its verification is cached.
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    using var stale = await ConnectAsync(_b, "first-Pw-8f7d6s");
                    return false;
                }
                catch (WebSocketException)
                {
                    return true;
                }
            },
            TimeSpan.FromSeconds(20),
            "node-b kept accepting the old password");
        using var fresh = await ConnectAsync(_b, "second-Pw-2k4j6h");
        await fresh.SendTextAsync("new password");
        Assert.Equal("new password", await fresh.ReceiveTextAsync());
    }

    [Fact]
    public async Task UserDisabledOnOneNode_LiveConnectionOnTheOtherClosed1008()
    {
        using var socket = await ConnectAsync(_b, "first-Pw-8f7d6s");

        using var patchedBody = IdentityTestExtensions.Json(new { enabled = false });
        using (var patched = await _a.Admin.PatchAsync("/api/v1/users/ann", patchedBody))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        var close = await socket.ReceiveCloseAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.CloseStatus);
        Assert.Contains("user disabled", close.CloseDescription, StringComparison.Ordinal);
    }

    private static Task<ClientWebSocket> ConnectAsync(TestServer node, string password) =>
        WebSocketTestExtensions.ConnectAsync(node.EchoUri, o => o.SetRequestHeader("Authorization", IdentityTestExtensions.Basic("ann", password)));
}
