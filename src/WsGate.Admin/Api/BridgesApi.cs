using Microsoft.AspNetCore.Routing;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Validation;

namespace WsGate.Admin.Api;

/// <summary>Bridges: an outbound client and a channel wired both ways.</summary>
public static class BridgesApi
{
    public static void Map(IEndpointRouteBuilder admin) =>
        new RuleEngineListEndpoints<BridgeConfig, BridgeView>
        {
            Noun = "bridge",
            Path = "/api/v1/bridges",
            Tag = "Bridges",
            List = c => c.Bridges,
            Find = (c, id) => c.FindBridge(id),
            IdOf = b => b.Id,
            WithId = (b, id) => b with { Id = id },
            Upsert = (c, b) => c.WithBridge(b),
            Remove = (c, id) => c.WithoutBridge(id),
            Validate = BridgeValidator.Validate,
            View = (b, engine) => BridgeView.From(b, engine.BridgeStatsFor(b.Id)),
        }.Map(admin);
}
