using System.Net;
using System.Net.Http.Json;
using System.Text;
using WsGate.Configuration;
using WsGate.Configuration.Secrets;
using WsGate.FunctionalTests.Identity;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Admin;

/// <summary>
/// The configuration's secrets through the admin API: masked in every read for every role, kept when a read is sent
/// back, and carried between servers only sealed with a passphrase, by an admin.
/// </summary>
public sealed class SecretsTests : IAsyncLifetime
{
    private const string Passphrase = "a passphrase long enough";
    private TestServer _server = null!;

    private const string Secrets = """
        identity:
          jwtIssuers:
            - name: corp
              issuer: https://id.example
              hmacSecret: SECRET-hmac-0123456789abcdef0123456789
        clients:
          - id: feed
            active: false
            url: ws://127.0.0.1:9/auth/bot/SECRET-urlauth/stream
            basic: { username: bot, password: SECRET-basic }
            headers: { Authorization: Bearer SECRET-header }
        rules:
          - id: hook
            trigger: { client: feed }
            actions:
              - type: webhook
                url: http://ops:SECRET-webhook@127.0.0.1:9/in
                headers: { X-Key: SECRET-action }
        """;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.ImportAsync(Secrets);
        await _server.CreateUserAsync("watcher", "watcher-Pw-5k2j8d", roles: ["operator"]);
        await _server.CreateUserAsync("author", "author-Pw-5k2j8d", roles: ["publisher"]);
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Theory]
    [InlineData("admin")]
    [InlineData("watcher")]
    [InlineData("author")]
    public async Task Reads_AnyRole_NoSecretAnywhere(string user)
    {
        using var client = user == "admin" ? null : _server.ClientFor(user, user + "-Pw-5k2j8d");
        var http = client ?? _server.Admin;
        var answers = new List<string>();
        foreach (var path in new[] { "/api/v1/config/export", "/api/v1/clients", "/api/v1/clients/feed", "/api/v1/rules", "/api/v1/rules/hook", "/api/v1/analytics/settings" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        var all = string.Join('\n', answers);
        Assert.DoesNotContain("SECRET-", all, StringComparison.Ordinal);
        Assert.Contains(SecretValues.Mask, all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutClient_WhatWasReadSentBack_StoredSecretsKept()
    {
        var view = System.Text.Json.Nodes.JsonNode.Parse((await _server.GetJsonAsync("/api/v1/clients/feed")).GetRawText())!;
        var config = view["config"]!.AsObject();
        config["name"] = "renamed";

        using var putBody = new StringContent(config.ToJsonString(), Encoding.UTF8, "application/json");
        using var put = await _server.Admin.PutAsync("/api/v1/clients/feed", putBody);
        var answer = await put.Content.ReadAsStringAsync();
        var stored = await _server.ConfigWithSecretsAsync();

        Assert.True(put.StatusCode == HttpStatusCode.OK, answer);
        var client = stored.FindClient("feed")!;
        Assert.Equal("renamed", client.Name);
        Assert.Equal("SECRET-basic", client.Basic!.Password);
        Assert.Equal("Bearer SECRET-header", client.Headers["Authorization"]);
        Assert.Equal("/auth/bot/SECRET-urlauth/stream", client.Autofilled().Path);
    }

    [Fact]
    public async Task PostExport_AsOperatorOrShortPassphrase_Refused()
    {
        using var operatorClient = _server.ClientFor("watcher", "watcher-Pw-5k2j8d");

        using var forbidden = await operatorClient.PostAsJsonAsync("/api/v1/config/export", new { passphrase = Passphrase });
        using var shortPassphrase = await _server.Admin.PostAsJsonAsync("/api/v1/config/export", new { passphrase = "short" });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, shortPassphrase.StatusCode);
        Assert.Contains("passphrase", await shortPassphrase.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportIntoAnotherServer_SealedWithPassphrase_SecretsReplicated()
    {
        using var export = await _server.Admin.PostAsJsonAsync("/api/v1/config/export", new { passphrase = Passphrase });
        var sealedYaml = await export.Content.ReadAsStringAsync();
        var masked = await _server.Admin.GetStringAsync("/api/v1/config/export");
        await using var other = await TestServer.StartAsync();

        using var withoutPassphrase = await ImportAsync(other, sealedYaml, null);
        using var maskedImport = await ImportAsync(other, masked, null);
        using var imported = await ImportAsync(other, sealedYaml, Passphrase);
        var replicated = await other.ConfigWithSecretsAsync();

        Assert.DoesNotContain("SECRET-", sealedYaml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, withoutPassphrase.StatusCode);
        Assert.Contains("is encrypted", await withoutPassphrase.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, maskedImport.StatusCode);
        var maskedAnswer = await maskedImport.Content.ReadAsStringAsync();
        Assert.True(maskedAnswer.Contains("clients[0].basic.password", StringComparison.Ordinal), maskedAnswer);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal("SECRET-hmac-0123456789abcdef0123456789", Assert.Single(replicated.Identity.JwtIssuers).HmacSecret);
        Assert.Equal("SECRET-action", Assert.Single(Assert.Single(replicated.Rules).Actions).Headers["X-Key"]);
    }

    private static async Task<HttpResponseMessage> ImportAsync(TestServer server, string yaml, string? passphrase)
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        if (passphrase is not null)
        {
            content.Headers.Add("X-WsGate-Passphrase", passphrase);
        }

        return await server.Admin.PostAsync("/api/v1/config/import", content);
    }
}
