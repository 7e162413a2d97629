using System.Net;
using System.Text.Json.Nodes;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>
/// A server with certificate <c>pem</c> (PEM files) and <c>pfx</c> (PKCS#12 with password), registered through the admin
/// API, and wss listeners <c>wss_pem</c> and <c>wss_pfx</c> using them. The tests only connect and read, so they share it.
/// </summary>
public sealed class WssFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsgate-wss-").FullName;

    public TestCertificates Certificates { get; private set; } = null!;

    public TestServer Server { get; private set; } = null!;

    /// <summary>Never moved: whatever the tests see happen, no timer on the server's clock made it happen.</summary>
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        Certificates = TestCertificates.Create(_folder);
        Server = await TestServer.StartAsync(time: Clock);
        using var pem = await Server.PutJsonAsync("/api/v1/certificates/pem", new
        {
            certificateFile = Certificates.CertificatePemFile,
            keyFile = Certificates.KeyPemFile,
        });
        Assert.True(pem.StatusCode == HttpStatusCode.Created, await pem.Content.ReadAsStringAsync());
        using var pfx = await Server.PutJsonAsync("/api/v1/certificates/pfx", new
        {
            pkcs12File = Certificates.Pkcs12File,
            password = TestCertificates.Pkcs12Password,
        });
        Assert.True(pfx.StatusCode == HttpStatusCode.Created, await pfx.Content.ReadAsStringAsync());
        await CreateAsync(Server, WssListener("wss_pem", "pem"));
        await CreateAsync(Server, WssListener("wss_pfx", "pfx"));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static JsonObject WssListener(string id, string certificate)
    {
        var listener = EchoListener(id);
        listener["protocol"] = "wss";
        listener["certificate"] = certificate;
        return listener;
    }
}
