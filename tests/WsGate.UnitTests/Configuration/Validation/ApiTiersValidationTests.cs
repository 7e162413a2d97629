using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

/// <summary>The tiers an API offers: each must exist and appear once, reported at <c>apis[i].tiers[j]</c>.</summary>
public sealed class ApiTiersValidationTests
{
    private static GatewayConfig WithApi(params string[] tiers) =>
        GatewayConfig.Empty with { Apis = [new ApiConfig { Id = "quotes", Name = "Quotes", Context = "/quotes", Version = "v1", Tiers = tiers }] };

    [Fact]
    public void Validate_ExistingTiersOtherCase_HasNoErrors() =>
        Assert.Empty(ConfigValidator.Validate(WithApi("gold", "Silver")));

    [Fact]
    public void Validate_UnknownTier_ReportedAtItsIndex()
    {
        var error = Assert.Single(ConfigValidator.Validate(WithApi("Gold", "Platinum")));

        Assert.Equal("apis[0].tiers[1]", error.Path);
        Assert.Equal("no tier 'Platinum' (tiers: Unlimited, Gold, Silver, Bronze)", error.Message);
    }

    [Fact]
    public void Validate_TierListedTwice_ReportsTheSecond()
    {
        var error = Assert.Single(ConfigValidator.Validate(WithApi("Gold", "GOLD")));

        Assert.Equal("apis[0].tiers[1]", error.Path);
    }

    [Fact]
    public void Offers_EmptyOrListed_EveryTierOrTheListedIgnoringCase()
    {
        Assert.True(new ApiConfig().Offers("Bronze"));
        var api = new ApiConfig { Tiers = ["Gold"] };
        Assert.True(api.Offers("gold"));
        Assert.False(api.Offers("Bronze"));
    }
}
