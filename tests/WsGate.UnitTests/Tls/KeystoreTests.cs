using WsGate.Configuration;
using WsGate.Configuration.Validation;
using WsGate.Testing;
using WsGate.Tls;

namespace WsGate.UnitTests.Tls;

/// <summary>A PKCS#12 keystore holding several keys, chosen by alias as webMethods ports choose a key alias.</summary>
[Collection(CertificateFiles.CollectionName)]
public sealed class KeystoreTests
{
    private const string Password = "store-secret";

    private readonly CertificateConfig _store;
    private readonly CertificateFiles _files;

    public KeystoreTests(CertificateFiles files)
    {
        _files = files;
        var path = Path.Combine(files.Certificates.Folder, "several.pfx");
        if (!File.Exists(path))
        {
            files.Certificates.WriteKeystore("several.pfx", Password, "alpha", "beta");
        }

        _store = new CertificateConfig { Name = "store", Pkcs12File = path, Password = Password };
    }

    [Theory]
    [InlineData("alpha")]
    [InlineData("BETA")]
    public void Load_AliasOfOneOfSeveralKeys_ThatKeyWithoutCase(string alias)
    {
        using var certificate = CertificateLoader.Load(_store, alias);

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=" + alias.ToLowerInvariant(), certificate.Subject);
    }

    [Fact]
    public void Load_SeveralKeysWithoutAlias_NamesKeyAliasAndTheAliases()
    {
        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(_store));

        Assert.Equal("keyAlias", ex.Field);
        Assert.Equal("keystore 'store' holds 2 keys (alpha, beta); choose one with keyAlias", ex.Cause);
    }

    [Fact]
    public void Load_UnknownAlias_NamesTheAliasesThereAre()
    {
        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(_store, "gamma"));

        Assert.Equal("keyAlias", ex.Field);
        Assert.Equal("keystore 'store' has no key with the alias 'gamma' (aliases: alpha, beta)", ex.Cause);
    }

    [Fact]
    public void Load_AliasForAPemPair_RefusedAsHavingNoAliases()
    {
        var pem = new CertificateConfig { Name = "pem", CertificateFile = _files.Certificates.CertificatePemFile, KeyFile = _files.Certificates.KeyPemFile };

        var ex = Assert.Throws<CertificateLoadException>(() => CertificateLoader.Load(pem, "alpha"));

        Assert.Equal("keyAlias", ex.Field);
    }

    [Fact]
    public void KeyAliases_StoreWithSeveralKeys_ListedInOrder()
    {
        Assert.Equal(["alpha", "beta"], CertificateLoader.KeyAliases(_store));
    }

    [Fact]
    public void Validate_KeystoreWithSeveralKeys_IsAValidCertificate()
    {
        var errors = new ErrorSink();

        CertificateValidator.Validate(_store, errors);

        Assert.Empty(errors.Errors);
    }

    [Fact]
    public void Validate_WssListenerOnSeveralKeysWithoutAlias_KeyAliasErrorNamingTheAliases()
    {
        var config = new GatewayConfig
        {
            Certificates = [_store],
            Listeners = [new ListenerConfig { Id = "tls", Protocol = ListenerProtocol.Wss, Certificate = "store", Bindings = ["127.0.0.1:0"] }],
        };

        var error = Assert.Single(ConfigValidator.Validate(config));

        Assert.Equal("listeners[0].keyAlias", error.Path);
        Assert.Contains("(alpha, beta)", error.Message, StringComparison.Ordinal);
        Assert.Empty(ConfigValidator.Validate(config with { Listeners = [config.Listeners[0] with { KeyAlias = "beta" }] }));
    }

    [Fact]
    public void Validate_WssListenerWithoutCertificate_UsesTheDefaultOrSaysOneIsNeeded()
    {
        var listener = new ListenerConfig { Id = "tls", Protocol = ListenerProtocol.Wss, KeyAlias = "alpha", Bindings = ["127.0.0.1:0"] };
        var withDefault = new GatewayConfig { Certificates = [_store with { Default = true }], Listeners = [listener] };

        Assert.Empty(ConfigValidator.Validate(withDefault));
        Assert.Equal("store", withDefault.CertificateFor(listener)!.Name);
        var error = Assert.Single(ConfigValidator.Validate(withDefault with { Certificates = [_store] }));
        Assert.Equal("listeners[0].certificate", error.Path);
    }

    [Fact]
    public void Validate_TwoDefaultCertificates_SecondRefused()
    {
        var config = new GatewayConfig { Certificates = [_store with { Default = true }, _store with { Name = "copy", Default = true }] };

        var error = Assert.Single(ConfigValidator.Validate(config));

        Assert.Equal("certificates[1].default", error.Path);
        Assert.Equal("certificate 'store' is already the default; only one can be", error.Message);
    }
}
