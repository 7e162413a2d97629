using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WsGate.Testing;

/// <summary>Certificates made in the test: a CA and a server certificate for 127.0.0.1 and localhost, written as PEM and PKCS#12 files.</summary>
public sealed class TestCertificates
{
    private TestCertificates(string folder, X509Certificate2 ca, X509Certificate2 server)
    {
        Folder = folder;
        Ca = ca;
        ServerCertificate = server;
    }

    public string Folder { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 ServerCertificate { get; }

    public string CaPemFile => Path.Combine(Folder, "ca.pem");

    public string CertificatePemFile => Path.Combine(Folder, "server.pem");

    public string KeyPemFile => Path.Combine(Folder, "server.key");

    public string Pkcs12File => Path.Combine(Folder, "server.pfx");

    public const string Pkcs12Password = "pfx-secret";

    public static TestCertificates Create(string folder, TimeSpan? lifetime = null)
    {
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var until = now + (lifetime ?? TimeSpan.FromDays(30));

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=WsGate Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(now, until.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        // The CA key is ECDSA and the server key RSA, so the issuer is given as a signature generator: the
        // Create(X509Certificate2, ...) overload refuses an issuer whose key algorithm differs from the request's.
        using var signed = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now, until, serial);
        var server = signed.CopyWithPrivateKey(serverKey);

        File.WriteAllText(Path.Combine(folder, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(Path.Combine(folder, "server.pfx"), server.Export(X509ContentType.Pkcs12, Pkcs12Password));
        return new TestCertificates(folder, ca, server);
    }

    /// <summary>A validation callback that trusts only this test CA, as a client configured with a CA bundle would.</summary>
    public bool ValidateWithCa(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
