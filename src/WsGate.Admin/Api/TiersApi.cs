using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Configuration;
using WsGate.Configuration.Throttling;
using WsGate.Configuration.Validation;
using WsGate.Identity;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>
/// Subscription tiers (WSO2's throttling tiers): list, create, edit and delete. A tier that a subscription uses cannot be
/// deleted; an edit applies to open connections at their next frame.
/// </summary>
public static class TiersApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/tiers").WithTags("Tiers");
        group.MapGet("/", async (ConfigManager config, IIdentityStore store, CancellationToken cancellationToken) =>
        {
            var usage = await UsageAsync(store, cancellationToken);
            return config.Current.Tiers.Select(t => TierView.From(t, usage.GetValueOrDefault(t.Name)?.Count ?? 0));
        })
            .WithSummary("List subscription tiers with how many subscriptions use each");

        group.MapGet("/{name}", async (string name, ConfigManager config, IIdentityStore store, CancellationToken cancellationToken) =>
            config.Current.FindTier(name) is { } tier
                ? Results.Ok(TierView.From(tier, (await UsageAsync(store, cancellationToken)).GetValueOrDefault(tier.Name)?.Count ?? 0))
                : AdminProblems.NotFound($"no tier '{name}'"))
            .WithSummary("Get a tier")
            .Produces<TierView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (HttpRequest request, ConfigManager config) =>
        {
            var tier = await ReadTierAsync(request);
            if (config.Current.FindTier(tier.Name) is { } existing)
            {
                return AdminProblems.BadField("name", $"a tier named '{existing.Name}' already exists");
            }

            await config.ChangeAsync(c => c.WithTier(tier), cancellationToken: request.HttpContext.RequestAborted);
            return Results.Created($"/api/v1/tiers/{tier.Name}", TierView.From(tier, 0));
        })
            .WithSummary("Create a tier")
            .ReadsJson<TierConfig>()
            .Produces<TierView>(StatusCodes.Status201Created)
            .ProducesConfigChangeProblems();

        group.MapPut("/{name}", async (string name, HttpRequest request, ConfigManager config, IIdentityStore store) =>
        {
            var existing = config.Current.FindTier(name);
            if (existing is null)
            {
                return AdminProblems.NotFound($"no tier '{name}'");
            }

            var tier = await ReadTierAsync(request, existing.Name);
            if (!string.Equals(tier.Name, existing.Name, StringComparison.Ordinal))
            {
                return AdminProblems.BadField("name", "the name cannot change (subscriptions refer to it); create a new tier instead");
            }

            await config.ChangeAsync(c => c.WithTier(tier), cancellationToken: request.HttpContext.RequestAborted);
            var usage = await UsageAsync(store, request.HttpContext.RequestAborted);
            return Results.Ok(TierView.From(tier, usage.GetValueOrDefault(tier.Name)?.Count ?? 0));
        })
            .WithSummary("Replace a tier; open connections follow it from their next frame")
            .ReadsJson<TierConfig>()
            .Produces<TierView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();

        group.MapDelete("/{name}", async (string name, ConfigManager config, IIdentityStore store, CancellationToken cancellationToken) =>
        {
            var existing = config.Current.FindTier(name);
            if (existing is null)
            {
                return AdminProblems.NotFound($"no tier '{name}'");
            }

            if (await InUseAsync(store, config.Current with { Tiers = [] }, [existing.Name], cancellationToken) is { } inUse)
            {
                return AdminProblems.Conflict(inUse);
            }

            await config.ChangeAsync(c => c.WithoutTier(existing.Name), cancellationToken: cancellationToken);
            return Results.NoContent();
        })
            .WithSummary("Delete a tier that no subscription uses and no API offers")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();
    }

    /// <summary>
    /// Says which of <paramref name="candidates"/> that <paramref name="next"/> no longer defines are still named by
    /// subscriptions or offered by an API of <paramref name="next"/>, as a message for the operator; null when none is.
    /// </summary>
    public static async Task<string?> InUseAsync(IIdentityStore store, GatewayConfig next, IEnumerable<string> candidates, CancellationToken cancellationToken)
    {
        var usage = await UsageAsync(store, cancellationToken);
        var problems = new List<string>();
        foreach (var name in candidates.Where(n => next.FindTier(n) is null))
        {
            if (usage.TryGetValue(name, out var subscriptions))
            {
                var examples = string.Join(", ", subscriptions.Take(3).Select(s => $"application '{s.ApplicationId}' to API '{s.ApiId}'"));
                problems.Add($"tier '{name}' is used by {subscriptions.Count} subscription(s) ({examples}{(subscriptions.Count > 3 ? ", ..." : "")}); move them to another tier first");
            }

            var offering = next.Apis.Where(a => a.Tiers.Contains(name, StringComparer.OrdinalIgnoreCase)).Select(a => $"'{a.Id}'").ToList();
            if (offering.Count > 0)
            {
                problems.Add($"tier '{name}' is offered by API {string.Join(", ", offering)}; remove it from the API's tiers first");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static async Task<Dictionary<string, List<StoredSubscription>>> UsageAsync(IIdentityStore store, CancellationToken cancellationToken) =>
        (await store.ListSubscriptionsAsync(null, null, cancellationToken))
            .GroupBy(s => s.Tier, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads and checks a tier on its own, so errors name fields of the body (<c>rate.windowMs</c>).</summary>
    private static async Task<TierConfig> ReadTierAsync(HttpRequest request, string? name = null)
    {
        var tier = await RequestBody.ReadAsync<TierConfig>(request);
        if (name is not null && tier.Name.Length == 0)
        {
            tier = tier with { Name = name };
        }

        var errors = new ErrorSink();
        ThrottlingValidator.ValidateTier(tier, errors);
        errors.ThrowIfAny();
        return tier;
    }
}
