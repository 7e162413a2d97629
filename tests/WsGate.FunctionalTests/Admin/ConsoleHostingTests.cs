using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Admin.Console;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Admin;

/// <summary>The console shares the admin listener with the REST API without changing how the API authenticates.</summary>
public sealed class ConsoleHostingTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ConsolePage_NoSession_RedirectsToLoginWithReturnUrl()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = _server.AdminAddress };
        using var response = await client.GetAsync("/console/listeners?id=x");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Fconsole%2Flisteners%3Fid%3Dx", response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestApi_ConsoleCookieOnly_StillNeedsBasicCredentials()
    {
        using var client = new HttpClient { BaseAddress = _server.AdminAddress };
        using var response = await client.GetAsync("/api/v1/listeners");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsoleSession_ServerRestarted_StillSignedIn()
    {
        var cookies = new CookieContainer();
        using (var before = ConsoleSignIn.Client(_server.AdminAddress, cookies))
        {
            await ConsoleSignIn.SignInAsync(before, "admin", TestServer.AdminPassword);
            using var page = await before.GetAsync("/console/listeners");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        await _server.RestartAsync();

        // The keys that signed the cookie are in the store, so the restarted server reads it: no new sign-in.
        using var after = ConsoleSignIn.Client(_server.AdminAddress, cookies);
        using var response = await after.GetAsync("/console/listeners");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Listeners", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The restarted server loaded the stored key before the framework looked for one, so it made none of its own.
        var keys = await _server.Server.Services.GetRequiredService<WsGate.Storage.IMetaStore>().ListMetaAsync(StoreKeyRepository.Prefix);
        Assert.Single(keys);
    }

    [Fact]
    public async Task LoginPost_WithoutAntiforgeryToken_Refused()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = _server.AdminAddress };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = "admin",
            ["Password"] = TestServer.AdminPassword,
        });
        using var response = await client.PostAsync("/console/login", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("wsgate_console=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Assets_Embedded_ServedWithTypeAndCache()
    {
        using var client = new HttpClient { BaseAddress = _server.AdminAddress };
        using var css = await client.GetAsync(ConsoleAssets.Url("console.css"));
        using var missing = await client.GetAsync("/console/assets/nothing.js");

        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Contains("max-age", css.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task RateSampler_EchoMessages_CountedInAndOut()
    {
        var sampler = _server.Server.Services.GetRequiredService<MessageRateSampler>();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(_server.EchoUri, CancellationToken.None);

        // The client's handshake completes as the 101 is written, a moment before the server lists the connection.
        await Eventually.TrueAsync(() => sampler.Sample().Connections == 1, TimeSpan.FromSeconds(10), "the echo connection is listed");
        var before = sampler.Sample().At;
        var buffer = new byte[64];
        for (var i = 0; i < 5; i++)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes("m" + i), WebSocketMessageType.Text, true, CancellationToken.None);
            await socket.ReceiveAsync(buffer, CancellationToken.None);
        }

        // The background loop samples every second too, so the messages are in this sample or one taken since the first.
        sampler.Sample();
        var since = sampler.Samples.Where(s => s.At >= before).ToList();

        Assert.All(since, s => Assert.Equal(1, s.Connections));
        Assert.Contains(since, s => s.InPerSecond > 0);
        Assert.Contains(since, s => s.OutPerSecond > 0);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }
}
