using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>wss backends whose certificate comes from a test CA that no system store trusts.</summary>
public sealed class BackendTlsTests(BackendTlsTests.Fixture fixture) : IClassFixture<BackendTlsTests.Fixture>
{
    private readonly TestCertificates _certificates = fixture.Certificates;
    private readonly TestServer _server = fixture.Server;
    private readonly TestBackend _backend = fixture.SecureBackend;
    private readonly string _folder = fixture.Certificates.Folder;

    [Fact]
    public async Task Handshake_UntrustedBackendCertificate_Returns502NamingTls()
    {
        await _server.PublishApiAsync("untrusted", "/untrusted", [_backend.Url("/name")]);

        var refusal = await _server.RefusedHandshakeAsync("/untrusted/v1");

        Assert.Equal(HttpStatusCode.BadGateway, refusal.Status);
        Assert.Contains("TLS", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_CaBundleTrustsBackend_Relays()
    {
        await _server.PublishApiAsync("bundled", "/bundled", [_backend.Url("/echo")], new { backendTls = new { caBundleFile = _certificates.CaPemFile } });

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/bundled/v1"));

        Assert.Equal("over wss", await socket.EchoAsync("over wss"));
    }

    [Fact]
    public async Task Handshake_ValidationOff_Relays()
    {
        await _server.PublishApiAsync("unvalidated", "/unvalidated", [_backend.Url("/echo")], new { backendTls = new { validateCertificate = false } });

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/unvalidated/v1"));

        Assert.Equal("unvalidated", await socket.EchoAsync("unvalidated"));
    }

    [Fact]
    public async Task Handshake_BackendRequiresClientCertificate_RelaysWithConfiguredOne()
    {
        await using var mutual = await TestBackend.StartAsync("mutual", _certificates, requireClientCertificate: true);
        var (certificateFile, keyFile) = WriteClientCertificate();
        using (var registered = await _server.PutJsonAsync("/api/v1/certificates/gateway-client", new { certificateFile, keyFile }))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        await _server.PublishApiAsync("without", "/without", [mutual.Url("/name")], new { backendTls = new { caBundleFile = _certificates.CaPemFile } });
        await _server.PublishApiAsync("mutual", "/mutual", [mutual.Url("/name")], new { backendTls = new { caBundleFile = _certificates.CaPemFile, clientCertificate = "gateway-client" } });

        var refusal = await _server.RefusedHandshakeAsync("/without/v1");
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/mutual/v1"));

        Assert.Equal(HttpStatusCode.BadGateway, refusal.Status);
        Assert.Equal("mutual", await socket.ReceiveTextAsync());
    }

    [Theory]
    [InlineData("frames")]
    [InlineData("stream")]
    public async Task Handshake_SniOverrideNotInCertificate_Returns502NameMismatch(string relayMode)
    {
        var id = "mismatch_" + relayMode;
        await _server.PublishApiAsync(id, "/" + id, [_backend.Url("/echo")], new { relayMode, backendTls = new { caBundleFile = _certificates.CaPemFile, sniOverride = "backend.internal.example" } });

        var refusal = await _server.RefusedHandshakeAsync($"/{id}/v1");

        Assert.Equal(HttpStatusCode.BadGateway, refusal.Status);
        Assert.Contains("TLS", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_SniOverrideLocalhostWithIpUrl_Relays()
    {
        var byAddress = new UriBuilder(_backend.Url("/echo")) { Host = "127.0.0.1" }.Uri;
        await _server.PublishApiAsync("by_address", "/by-address", [byAddress], new { backendTls = new { caBundleFile = _certificates.CaPemFile, sniOverride = "localhost" } });

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/by-address/v1"));

        Assert.Equal("by address", await socket.EchoAsync("by address"));
        Assert.Equal($"localhost:{byAddress.Port}", _backend.Handshakes.Last().Headers["Host"]);
    }

    /// <summary>A self-signed client certificate for TLS client authentication, as PEM certificate and key files.</summary>
    private (string CertificateFile, string KeyFile) WriteClientCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=wsgate-gateway-client", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certificateFile = Path.Combine(_folder, "client.pem");
        var keyFile = Path.Combine(_folder, "client.key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile);
    }

    public sealed class Fixture : GatewayFixture
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("wsgate-backend-tls-").FullName;

        public TestCertificates Certificates { get; private set; } = null!;

        /// <summary>The wss backend, with a certificate from <see cref="Certificates"/>' CA.</summary>
        public TestBackend SecureBackend { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            Certificates = TestCertificates.Create(_folder);
            await base.InitializeAsync();
            SecureBackend = await TestBackend.StartAsync("secure", Certificates);
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await SecureBackend.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
