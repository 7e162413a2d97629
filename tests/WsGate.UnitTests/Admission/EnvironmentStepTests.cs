using Microsoft.AspNetCore.Http;
using WsGate.Admission;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Identity;
using WsGate.Identity;

namespace WsGate.UnitTests.Admission;

public sealed class EnvironmentStepTests
{
    private static readonly ApiConfig BothEnvironments = Admissions.Chat with
    {
        Endpoints = new ApiEndpointsConfig
        {
            Production = new BackendGroupConfig { Urls = ["ws://prod:9000/"] },
            Sandbox = new BackendGroupConfig { Urls = ["ws://sandbox:9000/"] },
        },
    };

    private static async Task<(HandshakeRejection? Rejection, BackendEnvironment Environment)> AdmitAsync(
        ApiConfig config, Action<HttpRequest>? change = null, ConnectionPrincipal? principal = null)
    {
        using var context = Admissions.ForApi(Admissions.Api(config), change);
        context.Principal = principal ?? ConnectionPrincipal.Anonymous;
        // A value no step would choose, so each test sees what the step set.
        context.Environment = (BackendEnvironment)(-1);
        var rejection = await new EnvironmentStep().AdmitAsync(context);
        return (rejection, context.Environment);
    }

    [Fact]
    public async Task AdmitAsync_NoHeader_Production()
    {
        var (rejection, environment) = await AdmitAsync(BothEnvironments);

        Assert.Null(rejection);
        Assert.Equal(BackendEnvironment.Production, environment);
    }

    [Theory]
    [InlineData("production", BackendEnvironment.Production)]
    [InlineData("Production", BackendEnvironment.Production)]
    [InlineData("sandbox", BackendEnvironment.Sandbox)]
    [InlineData("SANDBOX", BackendEnvironment.Sandbox)]
    public async Task AdmitAsync_HeaderNamesAnEnvironment_ThatEnvironment(string value, BackendEnvironment expected)
    {
        var (rejection, environment) = await AdmitAsync(BothEnvironments, r => r.Headers["X-WsGate-Environment"] = value);

        Assert.Null(rejection);
        Assert.Equal(expected, environment);
    }

    [Fact]
    public async Task AdmitAsync_ApisOwnHeader_ReadInstead()
    {
        var config = BothEnvironments with { EnvironmentHeader = "X-Stage" };

        var (_, environment) = await AdmitAsync(config, r =>
        {
            r.Headers["X-Stage"] = "sandbox";
            r.Headers["X-WsGate-Environment"] = "production";
        });

        Assert.Equal(BackendEnvironment.Sandbox, environment);
    }

    [Fact]
    public async Task AdmitAsync_UnknownEnvironment_400NamingHeaderAndValue()
    {
        var (rejection, _) = await AdmitAsync(BothEnvironments, r => r.Headers["X-WsGate-Environment"] = "staging");

        Assert.Equal(400, rejection!.Status);
        Assert.Equal("X-WsGate-Environment must be production or sandbox, not 'staging'", rejection.Detail);
    }

    [Fact]
    public async Task AdmitAsync_SandboxWithoutEndpoints_503()
    {
        var (rejection, _) = await AdmitAsync(Admissions.Chat, r => r.Headers["X-WsGate-Environment"] = "sandbox");

        Assert.Equal(503, rejection!.Status);
        Assert.Equal("API 'chat' has no sandbox endpoints", rejection.Detail);
    }

    [Fact]
    public async Task AdmitAsync_KeyOfAnEnvironment_KeyDecidesOverTheHeader()
    {
        var principal = new ConnectionPrincipal(AuthMode.ApiKey, null, [], ApplicationId: "app1", Environment: BackendEnvironment.Sandbox);

        var (rejection, environment) = await AdmitAsync(BothEnvironments, r => r.Headers["X-WsGate-Environment"] = "production", principal);

        Assert.Null(rejection);
        Assert.Equal(BackendEnvironment.Sandbox, environment);
    }

    [Fact]
    public async Task AdmitAsync_ContentRoutedFramesApi_ProductionWhateverTheHeader()
    {
        var config = BothEnvironments with { Routing = new RoutingConfig { Expression = "$.action" } };

        var (rejection, environment) = await AdmitAsync(config, r => r.Headers["X-WsGate-Environment"] = "staging");

        Assert.Null(rejection);
        Assert.Equal(BackendEnvironment.Production, environment);
    }
}
