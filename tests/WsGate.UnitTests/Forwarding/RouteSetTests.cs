using System.Text;
using WsGate.Configuration.Apis;
using WsGate.Forwarding;

namespace WsGate.UnitTests.Forwarding;

public sealed class RouteSetTests
{
    private static RouteTarget Target(params string[] urls) => new() { Urls = urls };

    private static RoutingConfig Routing(bool withDefault = true) => new()
    {
        Expression = "$.action",
        Routes = new Dictionary<string, RouteTarget>
        {
            ["buy"] = Target("ws://orders:9001/"),
            ["1"] = Target("ws://numbers:9002/"),
        },
        Default = withDefault ? Target("ws://fallback:9000/") : null,
    };

    private static string? Select(RouteSet set, string message, bool isText = true) => set.Select(Encoding.UTF8.GetBytes(message), isText);

    [Fact]
    public void Select_PropertyNamesARoute_ThatRoute()
    {
        Assert.Equal("buy", Select(new RouteSet(Routing()), """{"action":"buy","qty":2}"""));
    }

    [Fact]
    public void Select_NumberValue_MatchedByItsJsonText()
    {
        Assert.Equal("1", Select(new RouteSet(Routing()), """{"action":1}"""));
    }

    [Theory]
    [InlineData("""{"action":"sell"}""")]
    [InlineData("""{"action":"BUY"}""")]
    [InlineData("""{"other":"buy"}""")]
    [InlineData("""{"action":null}""")]
    [InlineData("""["buy"]""")]
    [InlineData("not json")]
    [InlineData("")]
    public void Select_NoRouteSelected_Default(string message)
    {
        Assert.Equal(RouteSet.DefaultRoute, Select(new RouteSet(Routing()), message));
    }

    [Fact]
    public void Select_BinaryMessage_DefaultWithoutReadingIt()
    {
        Assert.Equal(RouteSet.DefaultRoute, Select(new RouteSet(Routing()), """{"action":"buy"}""", isText: false));
    }

    [Fact]
    public void Select_NoRouteAndNoDefault_Null()
    {
        Assert.Null(Select(new RouteSet(Routing(withDefault: false)), """{"action":"sell"}"""));
    }

    [Fact]
    public void Pool_RouteOrDefault_ItsBackends()
    {
        var set = new RouteSet(Routing());

        Assert.Equal(new Uri("ws://orders:9001/"), Assert.Single(set.Pool("buy").Endpoints).Url);
        Assert.Equal(new Uri("ws://fallback:9000/"), Assert.Single(set.Pool(RouteSet.DefaultRoute).Endpoints).Url);
    }

    [Fact]
    public void Display_WithDefault_DefaultsFirstUrl()
    {
        Assert.Equal(new Uri("ws://fallback:9000/"), new RouteSet(Routing()).Display);
    }

    [Fact]
    public void Display_WithoutDefault_RoutesFirstUrl()
    {
        var config = Routing(withDefault: false) with { Routes = new Dictionary<string, RouteTarget> { ["buy"] = Target("ws://orders:9001/") } };

        Assert.Equal(new Uri("ws://orders:9001/"), new RouteSet(config).Display);
    }

    [Fact]
    public void For_SameConfiguration_OneSetSharedByItsConnections()
    {
        var config = Routing();

        Assert.Same(RouteSet.For(config), RouteSet.For(config));
        Assert.NotSame(RouteSet.For(config), RouteSet.For(Routing()));
    }
}
