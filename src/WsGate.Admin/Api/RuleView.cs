using WsGate.Configuration.Rules;
using WsGate.Rules;

namespace WsGate.Admin.Api;

/// <summary>A rule with how often it fired and failed on this node, and its last error.</summary>
public sealed record RuleView(RuleConfig Config, long Fired, long Failed, string? LastError, DateTimeOffset? LastFiredAt)
{
    public static RuleView From(RuleConfig config, RuleStats? stats) =>
        new(config, stats?.Fired ?? 0, stats?.Failed ?? 0, stats?.LastError, stats?.LastFiredAt);
}
