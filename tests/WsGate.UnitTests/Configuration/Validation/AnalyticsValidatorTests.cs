using WsGate.Configuration;
using WsGate.Configuration.Analytics;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class AnalyticsValidatorTests
{
    private static IReadOnlyList<ConfigError> Validate(AnalyticsConfig analytics) => ConfigValidator.Validate(new GatewayConfig { Analytics = analytics });

    [Fact]
    public void Validate_Defaults_HaveNoErrors()
    {
        Assert.Empty(Validate(new AnalyticsConfig()));
        Assert.Empty(Validate(new AnalyticsConfig { Otlp = new OtlpConfig { Endpoint = "http://127.0.0.1:4318" } }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(3651)]
    public void Validate_RetentionOutOfRange_NamesRetentionDays(int days)
    {
        var error = Assert.Single(Validate(new AnalyticsConfig { RetentionDays = days }));

        Assert.Equal("analytics.retentionDays", error.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("collector:4318")]
    [InlineData("ftp://collector")]
    [InlineData("not a url")]
    [InlineData("http://collector:4318/?key=1")]
    [InlineData("http://user:pw@collector:4318")]
    public void Validate_BadOtlpEndpoint_NamesEndpoint(string endpoint)
    {
        var error = Assert.Single(Validate(new AnalyticsConfig { Otlp = new OtlpConfig { Endpoint = endpoint } }));

        Assert.Equal("analytics.otlp.endpoint", error.Path);
    }

    [Fact]
    public void Validate_BadIntervalAndHeader_NameEachField()
    {
        var errors = Validate(new AnalyticsConfig
        {
            Otlp = new OtlpConfig
            {
                Endpoint = "https://collector.example:4318",
                ExportIntervalMs = 10,
                Headers = new Dictionary<string, string> { ["bad header"] = "x", ["x-key"] = "a\r\nb" },
            },
        });

        Assert.Equal(["analytics.otlp.exportIntervalMs", "analytics.otlp.headers.bad header", "analytics.otlp.headers.x-key"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }
}
