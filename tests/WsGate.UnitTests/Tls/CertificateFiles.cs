using System.Security.Cryptography;
using WsGate.Testing;

namespace WsGate.UnitTests.Tls;

/// <summary>
/// Certificate files made once for every test class in the <see cref="CollectionName"/> collection (RSA key generation is the
/// slow part): the test CA and server certificate, a key of another certificate, an EC key and a file of text.
/// </summary>
public sealed class CertificateFiles : IDisposable
{
    public const string CollectionName = "certificate files";

    public CertificateFiles()
    {
        Folder = new TempFolder();
        Certificates = TestCertificates.Create(Folder.Path);
        using (var other = RSA.Create(2048))
        {
            File.WriteAllText(OtherKeyFile, other.ExportPkcs8PrivateKeyPem());
        }

        using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(EcKeyFile, ec.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllText(GarbageFile, "this is not a certificate\n");
    }

    public TempFolder Folder { get; }

    public TestCertificates Certificates { get; }

    public string OtherKeyFile => Folder.File("other.key");

    public string EcKeyFile => Folder.File("ec.key");

    public string GarbageFile => Folder.File("garbage.txt");

    public void Dispose()
    {
        Certificates.Ca.Dispose();
        Certificates.ServerCertificate.Dispose();
        Folder.Dispose();
    }
}

[CollectionDefinition(CertificateFiles.CollectionName)]
public sealed class CertificateFilesCollection : ICollectionFixture<CertificateFiles>;
