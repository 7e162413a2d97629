using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Admin;
using WsGate.FunctionalTests.Identity;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Admin;

/// <summary>
/// The admin port behind a reverse proxy it trusts (<c>serve --admin-trusted-proxy</c>): the audit log and the admin
/// lockouts see the operator's forwarded address, so one operator's typos do not lock out another behind the same proxy.
/// </summary>
public sealed class AdminBehindProxyTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(services => services.AddSingleton(new AdminOptions { TrustedProxies = ["127.0.0.1"] }));
        await _server.ImportLockoutAsync(lockoutSeconds: 300);
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private async Task<HttpResponseMessage> GetAsync(string forwardedFor, string password)
    {
        using var http = new HttpClient { BaseAddress = _server.AdminAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/listeners");
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(IdentityTestExtensions.Basic("admin", password));
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task WrongPasswordsFromOneOperator_OnlyThatOperatorLockedAndAuditedWithTheirAddress()
    {
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await GetAsync("198.51.100.66", "wrong-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var lockedOut = await GetAsync("198.51.100.66", TestServer.AdminPassword);
        using var colleague = await GetAsync("198.51.100.7", TestServer.AdminPassword);
        using var http = new HttpClient { BaseAddress = _server.AdminAddress };
        http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(IdentityTestExtensions.Basic("admin", TestServer.AdminPassword));
        http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");
        using var changeBody = IdentityTestExtensions.Json(new { name = "auditors" });
        using var change = await http.PostAsync("/api/v1/groups", changeBody);
        var audit = await _server.GetJsonAsync("/api/v1/audit?actor=admin");

        Assert.Equal(HttpStatusCode.Unauthorized, lockedOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, colleague.StatusCode);
        Assert.Equal(HttpStatusCode.Created, change.StatusCode);
        var entry = Assert.Single(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "POST /api/v1/groups/");
        Assert.Equal("198.51.100.7", entry.GetProperty("remote").GetString());
    }
}
