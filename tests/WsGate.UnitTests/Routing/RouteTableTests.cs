using WsGate.Configuration.Apis;
using WsGate.Routing;
using WsGate.Testing;

namespace WsGate.UnitTests.Routing;

public sealed class RouteTableTests
{
    private readonly ManualTimeProvider _clock = new();

    private ApiRuntime Api(string id, string context, string version, bool isDefault = false, ApiLifecycle lifecycle = ApiLifecycle.Published, params string[] listeners) =>
        new(new ApiConfig
        {
            Id = id,
            Name = id,
            Context = context,
            Version = version,
            IsDefaultVersion = isDefault,
            Lifecycle = lifecycle,
            Listeners = listeners.Length == 0 ? ["edge"] : listeners,
        }, _clock);

    [Fact]
    public void Match_ContextAndVersion_RouteWithEmptyRemainder()
    {
        var chat = Api("chat", "/chat", "v1");

        var match = new RouteTable([chat]).Match("edge", "/chat/v1");

        Assert.Same(chat, match!.Value.Route.Api);
        Assert.Equal("/chat/v1", match.Value.Route.Path);
        Assert.Equal("", match.Value.Remainder);
    }

    [Theory]
    [InlineData("/chat/v1/", "/")]
    [InlineData("/chat/v1/rooms", "/rooms")]
    [InlineData("/chat/v1/rooms/5", "/rooms/5")]
    public void Match_PathUnderTheRoute_RestOfThePathIsTheRemainder(string path, string remainder)
    {
        var match = new RouteTable([Api("chat", "/chat", "v1")]).Match("edge", path);

        Assert.Equal(remainder, match!.Value.Remainder);
    }

    [Theory]
    [InlineData("/chat/v10")]
    [InlineData("/chat/v1x")]
    [InlineData("/chat/v")]
    [InlineData("/chat")]
    [InlineData("/chatv1")]
    [InlineData("/")]
    [InlineData("")]
    public void Match_NotAWholeSegmentPrefix_NoMatch(string path)
    {
        Assert.Null(new RouteTable([Api("chat", "/chat", "v1")]).Match("edge", path));
    }

    [Fact]
    public void Match_NestedRoutes_LongestPrefixWins()
    {
        var chat = Api("chat", "/chat", "v1");
        var rooms = Api("rooms", "/chat/v1/rooms", "v2");
        var table = new RouteTable([chat, rooms]);

        var nested = table.Match("edge", "/chat/v1/rooms/v2/5");
        var outer = table.Match("edge", "/chat/v1/rooms/5");

        Assert.Same(rooms, nested!.Value.Route.Api);
        Assert.Equal("/5", nested.Value.Remainder);
        Assert.Same(chat, outer!.Value.Route.Api);
        Assert.Equal("/rooms/5", outer.Value.Remainder);
    }

    [Fact]
    public void Match_LongestPrefixWhateverTheOrderOfTheApis_SameRoute()
    {
        var chat = Api("chat", "/chat", "v1");
        var rooms = Api("rooms", "/chat/v1/rooms", "v2");

        Assert.Same(rooms, new RouteTable([chat, rooms]).Match("edge", "/chat/v1/rooms/v2")!.Value.Route.Api);
        Assert.Same(rooms, new RouteTable([rooms, chat]).Match("edge", "/chat/v1/rooms/v2")!.Value.Route.Api);
    }

    [Fact]
    public void Match_PathInOtherCase_MatchesAndKeepsTheRemaindersCase()
    {
        var match = new RouteTable([Api("chat", "/Chat", "V1")]).Match("edge", "/CHAT/v1/Rooms/A");

        Assert.Equal("/Chat/V1", match!.Value.Route.Path);
        Assert.Equal("/Rooms/A", match.Value.Remainder);
    }

    [Fact]
    public void Match_ListenerIdInOtherCase_Matches()
    {
        Assert.NotNull(new RouteTable([Api("chat", "/chat", "v1", listeners: "Edge")]).Match("EDGE", "/chat/v1"));
    }

    [Fact]
    public void Match_DefaultVersion_ServedAtTheContextAlone()
    {
        var table = new RouteTable([Api("chat", "/chat", "v1", isDefault: true)]);

        var bare = table.Match("edge", "/chat");
        var under = table.Match("edge", "/chat/rooms");
        var versioned = table.Match("edge", "/chat/v1/rooms");

        Assert.Equal(("/chat", ""), (bare!.Value.Route.Path, bare.Value.Remainder));
        Assert.Equal(("/chat", "/rooms"), (under!.Value.Route.Path, under.Value.Remainder));
        Assert.Equal(("/chat/v1", "/rooms"), (versioned!.Value.Route.Path, versioned.Value.Remainder));
    }

    [Fact]
    public void Match_DefaultAndOtherVersion_ExplicitVersionFirstThenTheDefault()
    {
        var v1 = Api("chat_v1", "/chat", "v1");
        var v2 = Api("chat_v2", "/chat", "v2", isDefault: true);
        var table = new RouteTable([v1, v2]);

        Assert.Same(v1, table.Match("edge", "/chat/v1")!.Value.Route.Api);
        Assert.Same(v2, table.Match("edge", "/chat/v2")!.Value.Route.Api);
        Assert.Same(v2, table.Match("edge", "/chat")!.Value.Route.Api);

        // A version nobody serves falls to the default version, the rest of the path given to its backend.
        var unknown = table.Match("edge", "/chat/v3");
        Assert.Same(v2, unknown!.Value.Route.Api);
        Assert.Equal("/v3", unknown.Value.Remainder);
    }

    [Fact]
    public void Match_ContextWithTrailingSlash_VersionJoinedOnce()
    {
        var match = new RouteTable([Api("chat", "/chat/", "1.0.0", isDefault: true)]).Match("edge", "/chat/1.0.0/x");

        Assert.Equal(("/chat/1.0.0", "/x"), (match!.Value.Route.Path, match.Value.Remainder));
    }

    [Fact]
    public void Match_ApiNotPublishedOnTheListener_NoMatch()
    {
        var table = new RouteTable([Api("chat", "/chat", "v1", listeners: "edge")]);

        Assert.Null(table.Match("internal", "/chat/v1"));
    }

    [Fact]
    public void Match_ApiOnTwoListeners_MatchesOnEach()
    {
        var chat = Api("chat", "/chat", "v1", listeners: ["edge", "internal"]);
        var table = new RouteTable([chat]);

        Assert.Same(chat, table.Match("edge", "/chat/v1")!.Value.Route.Api);
        Assert.Same(chat, table.Match("internal", "/chat/v1")!.Value.Route.Api);
    }

    [Fact]
    public void Match_RetiredApi_NoMatch()
    {
        Assert.Null(new RouteTable([Api("chat", "/chat", "v1", lifecycle: ApiLifecycle.Retired)]).Match("edge", "/chat/v1"));
    }

    [Theory]
    [InlineData(ApiLifecycle.Created)]
    [InlineData(ApiLifecycle.Deprecated)]
    public void Match_UnpublishedButNotRetired_MatchedForAdmissionToRefuse(ApiLifecycle lifecycle)
    {
        var chat = Api("chat", "/chat", "v1", lifecycle: lifecycle);

        Assert.Same(chat, new RouteTable([chat]).Match("edge", "/chat/v1")!.Value.Route.Api);
    }

    [Fact]
    public void Match_EmptyTable_NoMatch()
    {
        Assert.Null(RouteTable.Empty.Match("edge", "/chat/v1"));
    }
}
