using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Configuration;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Rules;

namespace WsGate.Admin.Api;

/// <summary>
/// List, get, create, replace and delete over one list of config items the rule engine runs (rules, bridges), keyed by
/// an id compared ignoring case. Each item is validated on its own first, so errors name its fields, then applied as one
/// config snapshot; views carry the engine's counters for the item.
/// </summary>
internal sealed class RuleEngineListEndpoints<TItem, TView>
    where TItem : class
{
    /// <summary>The item's name in messages: "no rule 'x'".</summary>
    public required string Noun { get; init; }

    public required string Path { get; init; }

    public required string Tag { get; init; }

    public required Func<GatewayConfig, IEnumerable<TItem>> List { get; init; }

    public required Func<GatewayConfig, string, TItem?> Find { get; init; }

    public required Func<TItem, string> IdOf { get; init; }

    /// <summary>The item with the id from the URL, for a replacement body that leaves the id out.</summary>
    public required Func<TItem, string, TItem> WithId { get; init; }

    public required Func<GatewayConfig, TItem, GatewayConfig> Upsert { get; init; }

    public required Func<GatewayConfig, string, GatewayConfig> Remove { get; init; }

    public required Action<TItem, GatewayConfig, ErrorSink> Validate { get; init; }

    public required Func<TItem, RuleEngine, TView> View { get; init; }

    public RouteGroupBuilder Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup(Path).WithTags(Tag);
        group.MapGet("/", (ConfigManager config, RuleEngine engine) => List(config.Current).Select(item => View(item, engine)))
            .WithSummary($"List {Noun}s with their counters")
            .Produces<IEnumerable<TView>>();

        group.MapGet("/{id}", (string id, ConfigManager config, RuleEngine engine) =>
            Find(config.Current, id) is { } item ? Results.Ok(View(item, engine)) : AdminProblems.NotFound($"no {Noun} '{id}'"))
            .WithSummary($"Get a {Noun}")
            .Produces<TView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (HttpRequest request, ConfigManager config, RuleEngine engine) =>
        {
            var item = await RequestBody.ReadAsync<TItem>(request);
            Check(item, config);
            if (Find(config.Current, IdOf(item)) is not null)
            {
                return AdminProblems.BadField("id", $"a {Noun} with the id '{IdOf(item)}' already exists");
            }

            await config.ChangeAsync(c => Upsert(c, item), cancellationToken: request.HttpContext.RequestAborted);
            return Results.Created($"{Path}/{IdOf(item)}", View(item, engine));
        })
            .WithSummary($"Create a {Noun}")
            .ReadsJson<TItem>()
            .Produces<TView>(StatusCodes.Status201Created)
            .ProducesConfigChangeProblems();

        group.MapPut("/{id}", async (string id, HttpRequest request, ConfigManager config, RuleEngine engine) =>
        {
            var existing = Find(config.Current, id);
            if (existing is null)
            {
                return AdminProblems.NotFound($"no {Noun} '{id}'");
            }

            var item = await RequestBody.ReadAsync<TItem>(request);
            item = IdOf(item).Length == 0 ? WithId(item, IdOf(existing)) : item;
            if (!string.Equals(IdOf(item), IdOf(existing), StringComparison.OrdinalIgnoreCase))
            {
                return AdminProblems.BadField("id", $"the id cannot change; create a new {Noun} instead");
            }

            Check(item, config);
            await config.ChangeAsync(c => Upsert(c, item), cancellationToken: request.HttpContext.RequestAborted);
            return Results.Ok(View(item, engine));
        })
            .WithSummary($"Replace a {Noun}")
            .ReadsJson<TItem>()
            .Produces<TView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();

        group.MapDelete("/{id}", async (string id, ConfigManager config, CancellationToken cancellationToken) =>
        {
            if (Find(config.Current, id) is null)
            {
                return AdminProblems.NotFound($"no {Noun} '{id}'");
            }

            await config.ChangeAsync(c => Remove(c, id), cancellationToken: cancellationToken);
            return Results.NoContent();
        })
            .WithSummary($"Delete a {Noun}")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();

        return group;
    }

    private void Check(TItem item, ConfigManager config)
    {
        var errors = new ErrorSink();
        Validate(item, config.Current, errors);
        errors.ThrowIfAny();
    }
}
