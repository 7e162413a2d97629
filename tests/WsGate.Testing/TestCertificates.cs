using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace WsGate.Testing;

/// <summary>Certificates made in the test: a CA and a server certificate for 127.0.0.1 and localhost, written as PEM and PKCS#12 files.</summary>
public sealed class TestCertificates
{
    private readonly ECDsa _caKey;

    private TestCertificates(string folder, X509Certificate2 ca, ECDsa caKey, X509Certificate2 server)
    {
        Folder = folder;
        Ca = ca;
        _caKey = caKey;
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

        // Kept by the instance to sign the keystores' certificates (WriteKeystore); the test process ends with it.
#pragma warning disable CA2000
        var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
#pragma warning restore CA2000
        var caRequest = new CertificateRequest("CN=WsGate Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(now, until.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var server = Issue(ca, caKey, "CN=localhost", serverKey, now, until);

        File.WriteAllText(Path.Combine(folder, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(Path.Combine(folder, "server.pfx"), server.Export(X509ContentType.Pkcs12, Pkcs12Password));
        return new TestCertificates(folder, ca, caKey, server);
    }

    /// <summary>A server certificate for 127.0.0.1 and localhost with <paramref name="key"/>, signed by the CA.</summary>
    private static X509Certificate2 Issue(X509Certificate2 ca, ECDsa caKey, string subject, RSA key, DateTimeOffset from, DateTimeOffset until)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        // The CA key is ECDSA and the server key RSA, so the issuer is given as a signature generator: the
        // Create(X509Certificate2, ...) overload refuses an issuer whose key algorithm differs from the request's.
        using var signed = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), from, until, serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Writes a PKCS#12 keystore holding one key per alias, as keytool keeps several: each certificate is <c>CN=alias</c>,
    /// signed by the CA; certificates in a password-encrypted safe, keys shrouded, each bag named by its alias and
    /// tied to its pair by a local key id (RFC 7292).
    /// </summary>
    public string WriteKeystore(string fileName, string password, params string[] aliases)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 2048);
        var certificates = new Pkcs12SafeContents();
        var keys = new Pkcs12SafeContents();
        for (var i = 0; i < aliases.Length; i++)
        {
            using var key = RSA.Create(2048);
            using var certificate = Issue(Ca, _caKey, "CN=" + aliases[i], key, now, now.AddDays(30));
            var name = FriendlyName(aliases[i]);
            var keyId = new Pkcs9LocalKeyId([(byte)(i + 1)]);
            var certificateBag = certificates.AddCertificate(certificate);
            certificateBag.Attributes.Add(name);
            certificateBag.Attributes.Add(keyId);
            var keyBag = keys.AddShroudedKey(key, password, pbe);
            keyBag.Attributes.Add(name);
            keyBag.Attributes.Add(keyId);
        }

        var builder = new Pkcs12Builder();
        builder.AddSafeContentsEncrypted(certificates, password, pbe);
        builder.AddSafeContentsUnencrypted(keys);
        builder.SealWithMac(password, HashAlgorithmName.SHA256, 2048);
        var path = Path.Combine(Folder, fileName);
        File.WriteAllBytes(path, builder.Encode());
        return path;
    }

    /// <summary>The PKCS#9 friendlyName attribute (a BMPString), which keystores use as the alias.</summary>
    private static Pkcs9AttributeObject FriendlyName(string alias)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteCharacterString(UniversalTagNumber.BMPString, alias);
        return new Pkcs9AttributeObject("1.2.840.113549.1.9.20", writer.Encode());
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
