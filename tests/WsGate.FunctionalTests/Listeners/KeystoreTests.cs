using System.Net;
using System.Net.WebSockets;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>
/// Keystores as webMethods has them: one PKCS#12 store with several keys, each wss listener serving the key it names by
/// alias, and a server-wide default certificate for a wss listener that names none. Checked by the certificate the
/// client is shown in the TLS handshake.
/// </summary>
public sealed class KeystoreTests : IAsyncLifetime
{
    private const string Password = "keystore-secret";

    private readonly string _folder = Directory.CreateTempSubdirectory("wsgate-keystore-").FullName;
    private TestCertificates _certificates = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _certificates = TestCertificates.Create(_folder);
        var store = _certificates.WriteKeystore("store.pfx", Password, "orders", "quotes");
        _server = await TestServer.StartAsync();
        using var created = await _server.PutJsonAsync("/api/v1/certificates/store", new { pkcs12File = store, password = Password });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<string?> ServedSubjectAsync(string listenerId)
    {
        string? subject = null;
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri(listenerId, "/echo"), options =>
            options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                subject = certificate?.Subject;
                return _certificates.ValidateWithCa(certificate);
            });
        Assert.Equal("over tls", await socket.EchoAsync("over tls"));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return subject;
    }

    private static System.Text.Json.Nodes.JsonObject Wss(string id, string? certificate, string? keyAlias)
    {
        var listener = EchoListener(id);
        listener["protocol"] = "wss";
        listener["certificate"] = certificate;
        listener["keyAlias"] = keyAlias;
        return listener;
    }

    [Fact]
    public async Task Connect_ListenersNamingAliasesOfOneStore_EachServesItsKey()
    {
        await CreateAsync(_server, Wss("orders_wss", "store", "orders"));
        await CreateAsync(_server, Wss("quotes_wss", "store", "QUOTES"));

        Assert.Equal("CN=orders", await ServedSubjectAsync("orders_wss"));
        Assert.Equal("CN=quotes", await ServedSubjectAsync("quotes_wss"));
        var view = await _server.GetJsonAsync("/api/v1/certificates/store");
        Assert.Equal(["orders", "quotes"], view.GetProperty("keyAliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Create_SeveralKeysAndNoAlias_400NamingKeyAliasAndTheAliases()
    {
        using var response = await _server.PostJsonAsync("/api/v1/listeners", Wss("unchosen", "store", null));

        var message = Assert.Single(Messages(await ReadValidationProblemAsync(response), "keyAlias"));
        Assert.Contains("(orders, quotes)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_WssListenerNamingNoCertificate_ServesTheDefault()
    {
        using (var refused = await _server.PostJsonAsync("/api/v1/listeners", Wss("defaulted", null, "quotes")))
        {
            Assert.Single(Messages(await ReadValidationProblemAsync(refused), "certificate"));
        }

        using (var marked = await _server.PutJsonAsync("/api/v1/certificates/store", new { pkcs12File = Path.Combine(_folder, "store.pfx"), password = Password, @default = true }))
        {
            Assert.True(marked.IsSuccessStatusCode, await marked.Content.ReadAsStringAsync());
        }

        await CreateAsync(_server, Wss("defaulted", null, "quotes"));

        Assert.Equal("CN=quotes", await ServedSubjectAsync("defaulted"));
        var view = await _server.GetJsonAsync("/api/v1/certificates/store");
        Assert.True(view.GetProperty("default").GetBoolean());
        Assert.Contains("defaulted", view.GetProperty("usedBy").EnumerateArray().Select(u => u.GetString()));
    }
}
