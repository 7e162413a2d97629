using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.Problems;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Rules;

namespace WsGate.Admin.Api;

/// <summary>Rules (triggers and actions) with their counters, and the rule queue's state.</summary>
public static class RulesApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/rules").WithTags("Rules");
        group.MapGet("/", (ConfigManager config, RuleEngine engine) =>
            config.Current.Rules.Select(r => RuleView.From(r, engine.RuleStatsFor(r.Id))));

        group.MapGet("/{id}", (string id, ConfigManager config, RuleEngine engine) =>
            config.Current.FindRule(id) is { } r ? Results.Ok(RuleView.From(r, engine.RuleStatsFor(r.Id))) : AdminProblems.NotFound($"no rule '{id}'"));

        group.MapPost("/", async (HttpRequest request, ConfigManager config, RuleEngine engine) =>
        {
            var rule = await RequestBody.ReadAsync<RuleConfig>(request);
            Check(rule, config);
            if (config.Current.FindRule(rule.Id) is not null)
            {
                return AdminProblems.BadField("id", $"a rule with the id '{rule.Id}' already exists");
            }

            await config.ChangeAsync(c => c.WithRule(rule), cancellationToken: request.HttpContext.RequestAborted);
            return Results.Created($"/api/v1/rules/{rule.Id}", RuleView.From(rule, engine.RuleStatsFor(rule.Id)));
        });

        group.MapPut("/{id}", async (string id, HttpRequest request, ConfigManager config, RuleEngine engine) =>
        {
            var existing = config.Current.FindRule(id);
            if (existing is null)
            {
                return AdminProblems.NotFound($"no rule '{id}'");
            }

            var rule = await RequestBody.ReadAsync<RuleConfig>(request);
            rule = rule.Id.Length == 0 ? rule with { Id = existing.Id } : rule;
            if (!string.Equals(rule.Id, existing.Id, StringComparison.OrdinalIgnoreCase))
            {
                return AdminProblems.BadField("id", "the id cannot change; create a new rule instead");
            }

            Check(rule, config);
            await config.ChangeAsync(c => c.WithRule(rule), cancellationToken: request.HttpContext.RequestAborted);
            return Results.Ok(RuleView.From(rule, engine.RuleStatsFor(rule.Id)));
        });

        group.MapDelete("/{id}", async (string id, ConfigManager config, CancellationToken cancellationToken) =>
        {
            if (config.Current.FindRule(id) is null)
            {
                return AdminProblems.NotFound($"no rule '{id}'");
            }

            await config.ChangeAsync(c => c.WithoutRule(id), cancellationToken: cancellationToken);
            return Results.NoContent();
        });

        admin.MapGet("/api/v1/rule-queue", (RuleEngine engine) => new
        {
            capacity = engine.Queue.Capacity,
            pending = engine.Queue.Pending,
            offered = engine.Queue.Offered,
            dropped = engine.Queue.Dropped,
            webhookOverflow = engine.WebhookOverflow,
        }).WithTags("Rules");
    }

    /// <summary>The rule on its own first, so errors name its fields (<c>trigger.match.regex</c>).</summary>
    private static void Check(RuleConfig rule, ConfigManager config)
    {
        var errors = new ErrorSink();
        RuleValidator.Validate(rule, config.Current, errors);
        errors.ThrowIfAny();
    }
}
