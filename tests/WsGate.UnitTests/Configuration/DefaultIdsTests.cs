using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Outbound;

namespace WsGate.UnitTests.Configuration;

public sealed class DefaultIdsTests
{
    [Fact]
    public void NextFree_NoneTaken_One() =>
        Assert.Equal("WS_SERVER_1", DefaultIds.NextFree(DefaultIds.ListenerPrefix, []));

    [Fact]
    public void NextFree_GapAndOtherCase_LowestFreeIgnoringCase() =>
        Assert.Equal("WS_SERVER_3", DefaultIds.NextFree(DefaultIds.ListenerPrefix, ["ws_server_1", "WS_SERVER_2", "WS_SERVER_4", "public"]));

    [Fact]
    public void Assign_IdGiven_Kept()
    {
        var config = GatewayConfig.Empty with { Listeners = [new ListenerConfig { Id = "WS_SERVER_1" }] };

        Assert.Equal("mine", DefaultIds.Assign(new ListenerConfig { Id = "mine" }, config).Id);
    }

    [Fact]
    public void Assign_EachKind_OwnPrefixAndOwnNumbers()
    {
        var config = GatewayConfig.Empty with
        {
            Listeners = [new ListenerConfig { Id = "WS_SERVER_1" }],
            Apis = [new ApiConfig { Id = "WS_API_1" }, new ApiConfig { Id = "WS_API_2" }],
        };

        Assert.Equal("WS_SERVER_2", DefaultIds.Assign(new ListenerConfig(), config).Id);
        Assert.Equal("WS_API_3", DefaultIds.Assign(new ApiConfig(), config).Id);
        Assert.Equal("WS_CLIENT_1", DefaultIds.Assign(new OutboundClientConfig(), config).Id);
    }
}
