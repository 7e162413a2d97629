using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class RoutingValidatorTests
{
    private static readonly ApiConfig Api = new()
    {
        Id = "routed",
        Name = "routed",
        Context = "/routed",
        Version = "v1",
        Routing = new RoutingConfig
        {
            Expression = "$.action",
            Routes = new Dictionary<string, RouteTarget> { ["a"] = new() { Urls = ["ws://a:1/"] } },
        },
    };

    private static List<string> Paths(ApiConfig api)
    {
        var errors = new ErrorSink();
        ApiValidator.Validate(api, GatewayConfig.Empty, errors);
        return errors.Errors.Select(e => e.Path).ToList();
    }

    [Fact]
    public void Validate_RoutesOnly_PublishedWithoutEndpoints_HasNoErrors() =>
        Assert.Empty(Paths(Api with { Lifecycle = ApiLifecycle.Created }));

    [Fact]
    public void Validate_StreamMode_Refused() => Assert.Equal(["routing"], Paths(Api with { RelayMode = RelayMode.Stream }));

    [Fact]
    public void Validate_BadExpression_NamesExpression() =>
        Assert.Equal(["routing.expression"], Paths(Api with { Routing = Api.Routing! with { Expression = "action" } }));

    [Fact]
    public void Validate_NoRoutesNoDefault_NamesRoutes() =>
        Assert.Equal(["routing.routes"], Paths(Api with { Routing = Api.Routing! with { Routes = new Dictionary<string, RouteTarget>() } }));

    [Fact]
    public void Serializer_RouteTargetAsStringOrGroup_BothRead()
    {
        var config = ConfigSerializer.FromYaml("""
            apis:
              - id: r
                name: r
                context: /r
                version: v1
                routing:
                  expression: $.action
                  routes:
                    a: ws://a:1/
                    b: { urls: [ws://b:1/, ws://b:2/], strategy: failover }
                  default: ws://d:1/
            """);

        var routing = config.Apis[0].Routing!;
        Assert.Equal(["ws://a:1/"], routing.Routes["a"].Urls);
        Assert.Equal(LoadBalancing.Failover, routing.Routes["b"].Strategy);
        Assert.Equal(2, routing.Routes["b"].Urls.Count);
        Assert.Equal("ws://d:1/", routing.Default!.Urls[0]);
        var again = ConfigSerializer.FromYaml(ConfigSerializer.ToYaml(config)).Apis[0].Routing!;
        Assert.Equal(["ws://b:1/", "ws://b:2/"], again.Routes["b"].Urls);
        Assert.Equal(["ws://a:1/"], again.Routes["a"].Urls);
    }
}
