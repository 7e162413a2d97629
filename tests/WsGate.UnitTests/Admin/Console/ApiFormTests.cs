using WsGate.Admin.Console.Apis;

namespace WsGate.UnitTests.Admin.Console;

public sealed class ApiFormTests
{
    [Theory]
    [InlineData("endpoints.production.urls[1]", "productionUrls[1]")]
    [InlineData("endpoints.sandbox.urls", "sandboxUrls")]
    [InlineData("endpoints.production.strategy", "strategy")]
    [InlineData("authentication.jwtIssuer", "authModes")]
    [InlineData("throttling.rate.windowMs", "rate.windowMs")]
    [InlineData("throttling.maxConnectionsPerClientIp", "maxConnectionsPerClientIp")]
    [InlineData("context", "context")]
    public void Rename_ConfigPath_FormInput(string path, string expected) => Assert.Equal(expected, ApiForm.Rename(path));

    [Fact]
    public void ToConfig_ListenerAuthentication_NoOwnAuthentication()
    {
        var form = new ApiForm { Id = "chat", Name = "Chat", Context = "/chat", Version = "v1", UseListenerAuthentication = true, ProductionUrls = "ws://127.0.0.1:9/echo" };

        var config = form.ToConfig(null);

        Assert.Null(config.Authentication);
        Assert.Equal(["ws://127.0.0.1:9/echo"], config.Endpoints.Production.Urls);
    }

    [Fact]
    public void ToConfig_NoMessagesOrBytes_NoApiWideRateAndOtherThrottlingKept()
    {
        var queue = new WsGate.Configuration.Throttling.OutboundQueueConfig { MaxMessages = 10 };
        var existing = new WsGate.Configuration.Apis.ApiConfig
        {
            Id = "chat",
            Throttling = new() { Rate = new() { MessagesPerWindow = 5 }, OutboundQueue = queue },
        };
        var form = ApiForm.From(existing);
        form.Rate.MessagesPerWindow = 0;

        var config = form.ToConfig(existing);

        Assert.Null(config.Throttling.Rate);
        Assert.Same(queue, config.Throttling.OutboundQueue);
    }

    [Fact]
    public void ToConfig_RateEdited_ErrorFrameOfTheSavedRateKept()
    {
        var existing = new WsGate.Configuration.Apis.ApiConfig
        {
            Id = "chat",
            Throttling = new() { Rate = new() { MessagesPerWindow = 5, ErrorMessage = "{\"slow\":\"down\"}" } },
        };
        var form = ApiForm.From(existing);
        form.Rate.MessagesPerWindow = 50;
        form.Rate.Action = WsGate.Configuration.Throttling.ThrottleAction.Close;

        var rate = form.ToConfig(existing).Throttling.Rate!;

        Assert.Equal(50, rate.MessagesPerWindow);
        Assert.Equal(WsGate.Configuration.Throttling.ThrottleAction.Close, rate.Action);
        Assert.Equal("{\"slow\":\"down\"}", rate.ErrorMessage);
    }

    [Fact]
    public void ToConfig_LimitsHealthAndTlsEdited_StoredWithBlankTextAsNone()
    {
        var existing = new WsGate.Configuration.Apis.ApiConfig
        {
            Id = "chat",
            BackendTls = new() { CaBundleFile = "/etc/ca.pem", SniOverride = "old.internal" },
        };
        var form = ApiForm.From(existing);
        form.Limits = form.Limits with { MaxMessageSize = 4096, MaxConnections = 3 };
        form.HealthCheck = form.HealthCheck with { Enabled = true, IntervalMs = 500 };
        form.BackendTls = form.BackendTls with { CaBundleFile = "  ", SniOverride = " backend.internal ", ValidateCertificate = false };

        var config = form.ToConfig(existing);

        Assert.Equal(4096, config.Limits.MaxMessageSize);
        Assert.Equal(3, config.Limits.MaxConnections);
        Assert.True(config.HealthCheck.Enabled);
        Assert.Equal(500, config.HealthCheck.IntervalMs);
        Assert.Null(config.BackendTls.CaBundleFile);
        Assert.Equal("backend.internal", config.BackendTls.SniOverride);
        Assert.False(config.BackendTls.ValidateCertificate);
    }

    [Theory]
    [InlineData("limits.maxMessageSize", "Limits.MaxMessageSize")]
    [InlineData("healthCheck.intervalMs", "HealthCheck.IntervalMs")]
    [InlineData("backendTls.caBundleFile", "BackendTls.CaBundleFile")]
    public void FieldNames_ValidatorPath_NamesAnInput(string path, string input)
    {
        Assert.Equal(input, WsGate.Admin.Console.FormErrors.FieldName(ApiForm.Rename(path)));
        Assert.Contains(input, new ApiForm().FieldNames);
    }
}
