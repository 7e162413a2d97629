using WsGate.Configuration;
using WsGate.Configuration.Validation;
using WsGate.Testing;
using WsGate.Tls;

namespace WsGate.UnitTests.Tls;

[Collection(CertificateFiles.CollectionName)]
public sealed class CertificateLoaderTests
{
    private readonly CertificateFiles _files;

    public CertificateLoaderTests(CertificateFiles files)
    {
        _files = files;
    }

    private TestCertificates Certs => _files.Certificates;

    private CertificateConfig Pem => new() { Name = "site", CertificateFile = Certs.CertificatePemFile, KeyFile = Certs.KeyPemFile };

    private CertificateConfig Pfx => new() { Name = "site", Pkcs12File = Certs.Pkcs12File, Password = TestCertificates.Pkcs12Password };

    private static IReadOnlyList<ConfigError> Validate(CertificateConfig certificate)
    {
        var errors = new ErrorSink();
        CertificateValidator.Validate(certificate, errors);
        return errors.Errors;
    }

    [Fact]
    public void Load_PemCertificateAndKey_HasPrivateKey()
    {
        using var certificate = CertificateLoader.Load(Pem);

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(Certs.ServerCertificate.Thumbprint, certificate.Thumbprint);
    }

    [Fact]
    public void Load_Pkcs12WithPassword_HasPrivateKey()
    {
        using var certificate = CertificateLoader.Load(Pfx);

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(Certs.ServerCertificate.Thumbprint, certificate.Thumbprint);
    }

    [Fact]
    public void Validate_GoodPemAndGoodPkcs12_HaveNoErrors()
    {
        Assert.Empty(Validate(Pem));
        Assert.Empty(Validate(Pfx));
    }

    [Fact]
    public void Load_Pkcs12WithWrongPassword_NamesFieldFileAndPassword()
    {
        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Pfx with { Password = "wrong" }));

        Assert.Equal("pkcs12File", ex.Field);
        Assert.Equal(Certs.Pkcs12File, ex.File);
        Assert.Contains("password", ex.Cause, StringComparison.Ordinal);
        Assert.StartsWith(Certs.Pkcs12File + ": ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Pkcs12WithWrongPassword_ReportsPkcs12FileWithTheFile()
    {
        var error = Assert.Single(Validate(Pfx with { Password = "wrong" }));

        Assert.Equal("pkcs12File", error.Path);
        Assert.Contains(Certs.Pkcs12File, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_NamesKeyFileAndMismatch()
    {
        var otherKey = _files.OtherKeyFile;

        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Pem with { KeyFile = otherKey }));

        Assert.Equal("keyFile", ex.Field);
        Assert.Equal(otherKey, ex.File);
        Assert.Contains("does not match", ex.Cause, StringComparison.Ordinal);
        Assert.Contains(Certs.CertificatePemFile, ex.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyOfAnotherAlgorithm_NamesKeyFile()
    {
        var ecKey = _files.EcKeyFile;

        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Pem with { KeyFile = ecKey }));

        Assert.Equal("keyFile", ex.Field);
        Assert.Equal(ecKey, ex.File);
    }

    [Theory]
    [InlineData("certificateFile")]
    [InlineData("keyFile")]
    [InlineData("pkcs12File")]
    public void Load_MissingFile_NamesFieldFileAndNotFound(string field)
    {
        var missing = _files.Folder.File("missing-" + field);
        var config = field switch
        {
            "certificateFile" => Pem with { CertificateFile = missing },
            "keyFile" => Pem with { KeyFile = missing },
            _ => Pfx with { Pkcs12File = missing },
        };

        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(config));

        Assert.Equal(field, ex.Field);
        Assert.Equal(missing, ex.File);
        Assert.Equal("file not found", ex.Cause);
    }

    [Fact]
    public void Load_FileInMissingFolder_SaysFolderNotFound()
    {
        var missing = Path.Combine(_files.Folder.Path, "no-such-folder", "server.pem");

        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Pem with { CertificateFile = missing }));

        Assert.Equal("certificateFile", ex.Field);
        Assert.Equal("folder not found", ex.Cause);
    }

    [Fact]
    public void Validate_MissingFile_ReportsFieldWithFileAndCause()
    {
        var missing = _files.Folder.File("missing.pem");

        var error = Assert.Single(Validate(Pem with { CertificateFile = missing }));

        Assert.Equal("certificateFile", error.Path);
        Assert.Equal(missing + ": file not found", error.Message);
    }

    [Fact]
    public void Load_GarbageCertificateFile_SaysNotAPemCertificate()
    {
        var garbage = _files.GarbageFile;

        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Pem with { CertificateFile = garbage }));

        Assert.Equal("certificateFile", ex.Field);
        Assert.Equal(garbage, ex.File);
        Assert.Contains("is not a PEM certificate", ex.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GarbageKeyFile_SaysNoPrivateKeyRatherThanMismatch()
    {
        var garbage = _files.GarbageFile;

        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Pem with { KeyFile = garbage }));

        Assert.Equal("keyFile", ex.Field);
        Assert.Equal(garbage, ex.File);
        Assert.Equal("holds no PEM private key", ex.Cause);
    }

    [Fact]
    public void Load_GarbagePkcs12File_SaysCannotBeReadAsPkcs12()
    {
        var garbage = _files.GarbageFile;

        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Pfx with { Pkcs12File = garbage }));

        Assert.Equal("pkcs12File", ex.Field);
        Assert.Equal(garbage, ex.File);
        Assert.Contains("PKCS#12", ex.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CertificateWithoutKeyFile_NamesKeyFile()
    {
        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(Pem with { KeyFile = null }));

        Assert.Equal("keyFile", ex.Field);
    }

    [Fact]
    public void Validate_BothPemAndPkcs12_ReportsPkcs12File()
    {
        var error = Assert.Single(Validate(Pem with { Pkcs12File = Certs.Pkcs12File }));

        Assert.Equal("pkcs12File", error.Path);
        Assert.Contains("not both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoFiles_ReportsCertificateFile()
    {
        var error = Assert.Single(Validate(new CertificateConfig { Name = "site" }));

        Assert.Equal("certificateFile", error.Path);
    }

    [Fact]
    public void Validate_BadName_ReportsName()
    {
        var error = Assert.Single(Validate(Pem with { Name = "my cert" }));

        Assert.Equal("name", error.Path);
    }
}
