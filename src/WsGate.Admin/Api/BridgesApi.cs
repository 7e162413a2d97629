using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.Problems;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Rules;

namespace WsGate.Admin.Api;

/// <summary>Bridges: an outbound client and a channel wired both ways.</summary>
public static class BridgesApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/bridges").WithTags("Bridges");
        group.MapGet("/", (ConfigManager config, RuleEngine engine) =>
            config.Current.Bridges.Select(b => BridgeView.From(b, engine.BridgeStatsFor(b.Id))));

        group.MapGet("/{id}", (string id, ConfigManager config, RuleEngine engine) =>
            config.Current.FindBridge(id) is { } b ? Results.Ok(BridgeView.From(b, engine.BridgeStatsFor(b.Id))) : AdminProblems.NotFound($"no bridge '{id}'"));

        group.MapPost("/", async (HttpRequest request, ConfigManager config, RuleEngine engine) =>
        {
            var bridge = await RequestBody.ReadAsync<BridgeConfig>(request);
            Check(bridge, config);
            if (config.Current.FindBridge(bridge.Id) is not null)
            {
                return AdminProblems.BadField("id", $"a bridge with the id '{bridge.Id}' already exists");
            }

            await config.ChangeAsync(c => c.WithBridge(bridge), cancellationToken: request.HttpContext.RequestAborted);
            return Results.Created($"/api/v1/bridges/{bridge.Id}", BridgeView.From(bridge, engine.BridgeStatsFor(bridge.Id)));
        });

        group.MapPut("/{id}", async (string id, HttpRequest request, ConfigManager config, RuleEngine engine) =>
        {
            var existing = config.Current.FindBridge(id);
            if (existing is null)
            {
                return AdminProblems.NotFound($"no bridge '{id}'");
            }

            var bridge = await RequestBody.ReadAsync<BridgeConfig>(request);
            bridge = bridge.Id.Length == 0 ? bridge with { Id = existing.Id } : bridge;
            if (!string.Equals(bridge.Id, existing.Id, StringComparison.OrdinalIgnoreCase))
            {
                return AdminProblems.BadField("id", "the id cannot change; create a new bridge instead");
            }

            Check(bridge, config);
            await config.ChangeAsync(c => c.WithBridge(bridge), cancellationToken: request.HttpContext.RequestAborted);
            return Results.Ok(BridgeView.From(bridge, engine.BridgeStatsFor(bridge.Id)));
        });

        group.MapDelete("/{id}", async (string id, ConfigManager config, CancellationToken cancellationToken) =>
        {
            if (config.Current.FindBridge(id) is null)
            {
                return AdminProblems.NotFound($"no bridge '{id}'");
            }

            await config.ChangeAsync(c => c.WithoutBridge(id), cancellationToken: cancellationToken);
            return Results.NoContent();
        });
    }

    private static void Check(BridgeConfig bridge, ConfigManager config)
    {
        var errors = new ErrorSink();
        BridgeValidator.Validate(bridge, config.Current, errors);
        errors.ThrowIfAny();
    }
}
