using System.Net;
using System.Text;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>Admin API roles, CSRF refusal, the audit log and the users API's guarantees.</summary>
public sealed class AdminSecurityTests(AdminSecurityFixture fixture) : IClassFixture<AdminSecurityFixture>
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Publisher_CreatesApiButNotListener_ListenerForbidden()
    {
        using var client = fixture.ClientFor("pub");

        using var apiBody = IdentityTestExtensions.Json(new
        {
            id = "pubapi",
            name = "pubapi",
            context = "/pubapi",
            version = "v1",
            listeners = new[] { "default" },
            endpoints = new { production = new { urls = new[] { "ws://127.0.0.1:9/ws" } } },
        });
        using var api = await client.PostAsync("/api/v1/apis", apiBody);
        using var listenerBody = IdentityTestExtensions.Json(new { id = "publ", bindings = new[] { "127.0.0.1:0" } });
        using var listener = await client.PostAsync("/api/v1/listeners", listenerBody);

        Assert.Equal(HttpStatusCode.Created, api.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listener.StatusCode);
    }

    [Fact]
    public async Task Operator_ListsAndClosesConnectionsButCannotCreateUsers()
    {
        using var client = fixture.ClientFor("op");
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        var id = "";
        await Eventually.TrueAsync(async () =>
        {
            using var listed = await client.GetAsync("/api/v1/connections");
            var connections = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement;
            id = connections.GetArrayLength() == 1 ? connections[0].GetProperty("id").GetString()! : "";
            return id.Length > 0;
        });

        using var closedBody = IdentityTestExtensions.Json(new { code = 1000, reason = "bye" });
        using var closed = await client.PostAsync($"/api/v1/connections/{id}/close", closedBody);
        var close = await socket.ReceiveCloseAsync();
        using var userBody = IdentityTestExtensions.Json(new { username = "byop", password = "operator-made-pw", roles = Array.Empty<string>() });
        using var user = await client.PostAsync("/api/v1/users", userBody);

        Assert.True(closed.IsSuccessStatusCode, closed.StatusCode.ToString());
        Assert.Equal("bye", close.CloseDescription);
        Assert.Equal(HttpStatusCode.Forbidden, user.StatusCode);
    }

    [Fact]
    public async Task Subscriber_SeesOnlyOwnApplications_OthersNotFoundAndUsersForbidden()
    {
        using var sub1 = fixture.ClientFor("sub1");
        using var sub2 = fixture.ClientFor("sub2");
        using var ownBody = IdentityTestExtensions.Json(new { name = "mine" });
        using var own = await sub1.PostAsync("/api/v1/applications", ownBody);
        using var othersBody = IdentityTestExtensions.Json(new { name = "theirs" });
        using var others = await sub2.PostAsync("/api/v1/applications", othersBody);
        var othersId = (await IdentityTestExtensions.ExpectAsync(others, HttpStatusCode.Created)).GetProperty("id").GetString();

        var listed = JsonDocument.Parse(await sub1.GetStringAsync("/api/v1/applications")).RootElement;
        using var foreign = await sub1.GetAsync($"/api/v1/applications/{othersId}");
        using var users = await sub1.GetAsync("/api/v1/users");

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(["mine"], listed.EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
    }

    [Fact]
    public async Task AdminEndpoint_UserWithoutRole_Forbidden()
    {
        using var client = fixture.ClientFor("norole");

        using var response = await client.GetAsync("/api/v1/listeners");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Post_CrossSiteOrigin_Forbidden()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/groups") { Content = IdentityTestExtensions.Json(new { name = "evil" }) };
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await _server.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Post_FormEncodedListener_RefusedUnread415()
    {
        using var requestBody = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = "formed" });
        using var response = await _server.Admin.PostAsync("/api/v1/listeners", requestBody);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Type: application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("formed", await _server.Admin.GetStringAsync("/api/v1/listeners"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Post_JsonBodyWithOtherContentType_415SayingWhatToSend(string contentType)
    {
        using var content = new StringContent("""{"name":"typed"}""", System.Text.Encoding.UTF8, contentType);

        using var response = await _server.Admin.PostAsync("/api/v1/groups", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_AfterChanges_ListsThemNewestFirstWithoutPasswords()
    {
        using (var created = await _server.PostJsonAsync("/api/v1/users", new { username = "audited", password = "audited-Pw-6d1s9k", roles = new[] { "operator" } }))
        using (var failed = await _server.PostJsonAsync("/api/v1/groups", new { name = "not a valid name!" }))
        using (var deleted = await _server.Admin.DeleteAsync("/api/v1/users/audited"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var text = await _server.Admin.GetStringAsync("/api/v1/audit?actor=admin");
        var entries = JsonDocument.Parse(text).RootElement.EnumerateArray().Take(3).ToList();

        Assert.DoesNotContain("audited-Pw-6d1s9k", text, StringComparison.Ordinal);
        Assert.Equal(["DELETE /api/v1/users/{username}", "POST /api/v1/groups/", "POST /api/v1/users/"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal([204, 400, 201], entries.Select(e => e.GetProperty("outcome").GetInt32()));
        Assert.Equal("audited", entries[0].GetProperty("target").GetString());
        Assert.All(entries, e => Assert.Equal("admin", e.GetProperty("actor").GetString()));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.GetProperty("remote").GetString()));
        Assert.True(entries[0].GetProperty("at").GetDateTimeOffset() >= entries[2].GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Users_EveryResponse_NeverCarriesPasswordHash()
    {
        using var created = await _server.PostJsonAsync("/api/v1/users", new { username = "viewed", password = "viewed-Pw-2k8d7", roles = new[] { "subscriber" } });
        using var patchedBody = IdentityTestExtensions.Json(new { description = "patched" });
        using var patched = await _server.Admin.PatchAsync("/api/v1/users/viewed", patchedBody);
        var bodies = new[]
        {
            await created.Content.ReadAsStringAsync(),
            await patched.Content.ReadAsStringAsync(),
            await _server.Admin.GetStringAsync("/api/v1/users"),
            await _server.Admin.GetStringAsync("/api/v1/users/viewed"),
        };

        Assert.All(bodies, b => Assert.DoesNotContain("pbkdf2", b, StringComparison.OrdinalIgnoreCase));
        Assert.All(bodies, b => Assert.DoesNotContain("hash", b, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Users_DeleteOrDemoteLastAdmin_Conflict409()
    {
        using var deleted = await _server.Admin.DeleteAsync("/api/v1/users/admin");
        using var demotedBody = IdentityTestExtensions.Json(new { roles = new[] { "operator" } });
        using var demoted = await _server.Admin.PatchAsync("/api/v1/users/admin", demotedBody);

        Assert.Equal(HttpStatusCode.Conflict, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, demoted.StatusCode);
        Assert.Contains("admin", (await _server.GetJsonAsync("/api/v1/users/admin")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("short", "subscriber", "password")]
    [InlineData("long-enough-pw", "superuser", "roles[0]")]
    public async Task Users_CreateInvalid_400NamingField(string password, string role, string field)
    {
        using var response = await _server.PostJsonAsync("/api/v1/users", new { username = "invalid-" + field.Length, password, roles = new[] { role } });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }
}
