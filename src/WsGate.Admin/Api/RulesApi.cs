using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Validation;
using WsGate.Rules;

namespace WsGate.Admin.Api;

/// <summary>Rules (triggers and actions) with their counters, and the rule queue's state.</summary>
public static class RulesApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        new RuleEngineListEndpoints<RuleConfig, RuleView>
        {
            Noun = "rule",
            Path = "/api/v1/rules",
            Tag = "Rules",
            List = c => c.Rules,
            Find = (c, id) => c.FindRule(id),
            IdOf = r => r.Id,
            WithId = (r, id) => r with { Id = id },
            Upsert = (c, r) => c.WithRule(r),
            Remove = (c, id) => c.WithoutRule(id),

            // The rule on its own first, so errors name its fields (trigger.match.regex).
            Validate = RuleValidator.Validate,
            View = (r, engine) => RuleView.From(r, engine.RuleStatsFor(r.Id)),
        }.Map(admin);

        admin.MapGet("/api/v1/rule-queue", (RuleEngine engine) =>
                new RuleQueueView(engine.Queue.Capacity, engine.Queue.Pending, engine.Queue.Offered, engine.Queue.Dropped, engine.WebhookOverflow))
            .WithTags("Rules")
            .WithSummary("Get the rule queue's state: pending, offered and dropped events");
    }
}
