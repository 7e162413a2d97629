using System.Text.Json;
using WsGate.Configuration;
using WsGate.Configuration.Secrets;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Secrets;

/// <summary>What a read masked and a write sent back keeps the stored secret; a mask with nothing behind it is refused.</summary>
public sealed class SecretRestorerTests
{
    private static GatewayConfig MaskedCopy(GatewayConfig config) =>
        ConfigSerializer.FromJson<GatewayConfig>(JsonSerializer.Serialize(config, SecretJson.Masking));

    [Fact]
    public void KeepStored_EverySecretMasked_AllRestored()
    {
        var stored = SecretSamples.Config();

        var restored = SecretRestorer.KeepStored(MaskedCopy(stored), stored);

        Assert.Equal(ConfigSerializer.ToJson(stored), ConfigSerializer.ToJson(restored));
    }

    [Fact]
    public void KeepStored_ListReorderedAndOneSecretChanged_MatchedByIdAndChangeKept()
    {
        var stored = SecretSamples.Config();
        var other = stored.Clients[0] with { Id = "other", Basic = new() { Username = "o", Password = "SECRET-other" } };
        stored = stored with { Clients = [stored.Clients[0], other] };
        var edited = MaskedCopy(stored);
        edited = edited with { Clients = [edited.Clients[1], edited.Clients[0] with { Basic = new() { Username = "bot", Password = "new-password" } }] };

        var restored = SecretRestorer.KeepStored(edited, stored);

        Assert.Equal("SECRET-other", restored.FindClient("other")!.Basic!.Password);
        Assert.Equal("new-password", restored.FindClient("feed")!.Basic!.Password);
        Assert.Equal("Bearer SECRET-header", restored.FindClient("feed")!.Headers["Authorization"]);
    }

    [Fact]
    public void KeepStored_MaskWithNothingStored_RefusedNamingEachField()
    {
        var masked = MaskedCopy(SecretSamples.Config());

        var error = Assert.Throws<ConfigValidationException>(() => SecretRestorer.KeepStored(masked, GatewayConfig.Empty));

        var fields = error.Errors.Select(e => e.Path).ToList();
        Assert.Contains("identity.jwtIssuers[0].hmacSecret", fields);
        Assert.Contains("clients[0].headers.Authorization", fields);
        Assert.Contains("clients[0].basic.password", fields);
        Assert.Contains("analytics.otlp.endpoint", fields);
        Assert.All(error.Errors, e => Assert.Contains("masked", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void KeepStored_SealedValueLeftInDocument_Refused()
    {
        var sealedSecret = new PassphraseSeal("a long passphrase here").Seal("x");
        var config = SecretSamples.Config() with { Certificates = [new CertificateConfig { Name = "site", Pkcs12File = "/s.pfx", Password = sealedSecret }] };

        var error = Assert.Throws<ConfigValidationException>(() => SecretRestorer.KeepStored(config, GatewayConfig.Empty));

        Assert.Equal("certificates[0].password", Assert.Single(error.Errors).Path);
    }
}
