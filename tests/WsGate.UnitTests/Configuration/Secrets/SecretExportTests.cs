using WsGate.Configuration;
using WsGate.Configuration.Secrets;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Secrets;

/// <summary>The admin export with its secrets sealed by a passphrase, read back by an import.</summary>
public sealed class SecretExportTests
{
    private const string Passphrase = "correct horse battery staple";

    [Fact]
    public void SealThenOpen_ThroughYaml_SameConfiguration()
    {
        var config = SecretSamples.Config();

        var yaml = ConfigSerializer.ToYaml(SecretExport.Seal(config, Passphrase), "test");
        var document = ConfigSerializer.YamlToJson(yaml);
        SecretExport.Open(document, Passphrase);

        Assert.DoesNotContain("SECRET-", yaml, StringComparison.Ordinal);
        Assert.Contains(PassphraseSeal.Prefix, yaml, StringComparison.Ordinal);
        Assert.Equal(ConfigSerializer.ToJson(config), ConfigSerializer.ToJson(ConfigSerializer.FromJson<GatewayConfig>(document)));
    }

    [Fact]
    public void Seal_AddressWithoutCredentials_StaysReadable()
    {
        var config = GatewayConfig.Empty with { Clients = [new() { Id = "plain", Host = "h", Path = "/stream?x=1" }] };

        var yaml = ConfigSerializer.ToYaml(SecretExport.Seal(config, Passphrase), null);

        Assert.Contains("/stream?x=1", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(PassphraseSeal.Prefix, yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "is encrypted")]
    [InlineData("another passphrase entirely", "cannot be decrypted")]
    public void Open_NoOrWrongPassphrase_RefusedNamingEachField(string? passphrase, string message)
    {
        var document = SecretExport.Seal(SecretSamples.Config(), Passphrase);

        var error = Assert.Throws<ConfigValidationException>(() => SecretExport.Open(document, passphrase));

        Assert.Contains(error.Errors, e => e.Path == "certificates[0].password");
        Assert.Contains(error.Errors, e => e.Path == "rules[0].actions[0].headers.X-Key");
        Assert.All(error.Errors, e => Assert.Contains(message, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void TryOpen_TamperedCiphertext_False()
    {
        var seal = new PassphraseSeal(Passphrase);
        var sealedValue = seal.Seal("SECRET-x");
        var tampered = sealedValue[..^2] + (sealedValue[^2] == 'A' ? "B" : "A") + sealedValue[^1];

        Assert.True(seal.TryOpen(sealedValue, out var opened));
        Assert.Equal("SECRET-x", opened);
        Assert.False(seal.TryOpen(tampered, out _));
    }
}
