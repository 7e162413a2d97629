using WsGate.Configuration.Rules;
using WsGate.Rules;

namespace WsGate.Admin.Api;

/// <summary>A bridge with how many messages it carried and how many it could not.</summary>
public sealed record BridgeView(BridgeConfig Config, long Carried, long Failed, string? LastError)
{
    public static BridgeView From(BridgeConfig config, RuleStats? stats) =>
        new(config, stats?.Fired ?? 0, stats?.Failed ?? 0, stats?.LastError);
}
