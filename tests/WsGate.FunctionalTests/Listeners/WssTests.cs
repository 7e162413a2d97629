using System.ComponentModel;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using WsGate.Testing;
using Xunit.Abstractions;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>wss listeners with PEM and PKCS#12 certificates, checked by a client that trusts only the test CA.</summary>
public sealed class WssTests(WssFixture fixture, ITestOutputHelper output) : IClassFixture<WssFixture>
{
    private readonly TestServer _server = fixture.Server;
    private readonly TestCertificates _certificates = fixture.Certificates;

    [Theory]
    [InlineData("wss_pem")]
    [InlineData("wss_pfx")]
    public async Task Connect_ClientTrustingTestCa_EchoesOverTls(string id)
    {
        var uri = _server.ListenerUri(id, "/echo");
        Assert.Equal("wss", uri.Scheme);
        Assert.Equal("enabled", State(await GetAsync(_server, id)));

        using var socket = await WebSocketTestExtensions.ConnectAsync(uri, TrustTestCa);

        await AssertEchoesAsync(socket, "secure " + id);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    /// <summary>
    /// After the closing handshake the server ends the TLS connection itself (RFC 6455 section 7.1.1: the server closes
    /// the TCP connection first). The connection ran on the TLS transport after the hand-off; the server's clock is
    /// manual and never moves here, so it is not the hand-off's drain watchdog that closes it.
    /// </summary>
    [Fact]
    public async Task Close_ClientClosesNormally_ServerEndsTheTlsConnection()
    {
        var uri = _server.ListenerUri("wss_pem", "/echo");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate is not null);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);

        await tls.WriteAsync(RawWebSocketClient.UpgradeRequest(uri), timeout.Token);
        var (upgrade, leftover) = await RawWebSocketClient.ReadHeadAsync(tls, []);
        await tls.WriteAsync(RawWebSocketClient.MaskedClose(), timeout.Token);
        var (opcode, _, remaining) = await RawWebSocketClient.ReadFrameAsync(tls, leftover);
        var after = await tls.ReadAsync(new byte[16], timeout.Token);

        Assert.StartsWith("HTTP/1.1 101", upgrade, StringComparison.Ordinal);
        Assert.Equal(8, opcode);
        Assert.Empty(remaining);
        Assert.Equal(0, after);
    }

    [Fact]
    public async Task Connect_ClientNotTrustingTestCa_Fails()
    {
        await Assert.ThrowsAsync<WebSocketException>(() => WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("wss_pem", "/echo")));
    }

    [Fact]
    public async Task Get_Certificates_ShowExpiry()
    {
        var list = await _server.GetJsonAsync("/api/v1/certificates");

        var expected = new DateTimeOffset(_certificates.ServerCertificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        Assert.Equal(["pem", "pfx"], list.EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        foreach (var certificate in list.EnumerateArray())
        {
            Assert.Equal(expected, certificate.GetProperty("notAfter").GetDateTimeOffset());
            Assert.Equal("CN=localhost", certificate.GetProperty("subject").GetString());
            Assert.False(certificate.TryGetProperty("password", out _));
        }

        Assert.Equal(expected, (await GetAsync(_server, "wss_pfx")).GetProperty("certificateExpires").GetDateTimeOffset());
    }

    [Fact]
    public async Task Handshake_Tls11Client_IsRefused()
    {
        // SslProtocols.Tls11 is obsolete, which is the point: the listener must refuse it.
#pragma warning disable SYSLIB0039, CA5397
        const SslProtocols tls11 = SslProtocols.Tls11;
#pragma warning restore SYSLIB0039, CA5397

        // Only meaningful if this machine's TLS library will speak TLS 1.1 at all. OpenSSL 3 at its default security
        // level refuses it locally, in which case no client here can even try and the sub-check is left out.
        // The probe is trusted only if it works for TLS 1.2, so a "no" below really is about TLS 1.1.
        Assert.True(await LocalHandshakeWorksAsync(SslProtocols.Tls12), "the local TLS probe fails even for TLS 1.2");
        if (await LocalHandshakeWorksAsync(tls11))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(EndPoint(_server, "wss_pem"), tls11));
            output.WriteLine("TLS 1.1 client refused by the listener");
        }
        else
        {
            output.WriteLine("this machine's TLS library refuses TLS 1.1 locally; the TLS 1.1 sub-check was left out");
        }

        // TLS 1.2 is accepted, so the refusal above is about the version, not the certificate.
        await HandshakeAsync(EndPoint(_server, "wss_pem"), SslProtocols.Tls12);
    }

    private void TrustTestCa(ClientWebSocketOptions options) =>
        options.RemoteCertificateValidationCallback = (_, certificate, _, _) => _certificates.ValidateWithCa(certificate);

    private async Task HandshakeAsync(IPEndPoint endpoint, SslProtocols protocols)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(WebSocketTestExtensions.DefaultTimeout);
        await client.ConnectAsync(endpoint, timeout.Token);
        await using var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => _certificates.ValidateWithCa(certificate),
            },
            timeout.Token);
    }

    /// <summary>True when a handshake succeeds between a local server and client that both allow only <paramref name="protocols"/>.</summary>
    private async Task<bool> LocalHandshakeWorksAsync(SslProtocols protocols)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accept = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync();
            await using var tls = new SslStream(accepted.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificates.ServerCertificate,
                EnabledSslProtocols = protocols,
            });
        });
        try
        {
            await HandshakeAsync((IPEndPoint)listener.LocalEndpoint, protocols);
            await accept;
            return true;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or Win32Exception or PlatformNotSupportedException)
        {
            listener.Stop();
            try
            {
                await accept;
            }
            catch (Exception)
            {
                // The server side fails the same way; only whether TLS 1.1 works at all matters here.
            }

            return false;
        }
    }
}
