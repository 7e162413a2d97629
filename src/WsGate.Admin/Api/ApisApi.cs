using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Health;
using WsGate.Management;
using WsGate.Routing;

namespace WsGate.Admin.Api;

/// <summary>WebSocket APIs: publish, edit, move through the lifecycle, and test their backend endpoints for real.</summary>
public static class ApisApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/apis").WithTags("APIs");
        group.MapGet("/", (ConfigManager config, ApiManager apis) => config.Current.Apis.Select(a => ApiView.From(a, apis.Find(a.Id))))
            .WithSummary("List WebSocket APIs with their backend health");

        group.MapGet("/{id}", (string id, ConfigManager config, ApiManager apis) =>
            config.Current.FindApi(id) is { } a ? Results.Ok(ApiView.From(a, apis.Find(id))) : AdminProblems.NotFound($"no API '{id}'"))
            .WithSummary("Get an API")
            .Produces<ApiView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (HttpRequest request, ConfigManager config, ApiManager apis) =>
        {
            var body = await RequestBody.ReadNewAsync<ApiConfig>(request);
            if (body.Id.Length > 0 && config.Current.FindApi(body.Id) is not null)
            {
                return AdminProblems.BadField("id", $"an API with the id '{body.Id}' already exists");
            }

            // Without an id the API gets the next free WS_API_N inside the change (see ListenersApi for the focus).
            var api = body;
            await config.ChangeAsync(
                c => c.WithApi(api = DefaultIds.Assign(body, c)),
                focusApiId: DefaultIds.Assign(body, config.Current).Id,
                cancellationToken: request.HttpContext.RequestAborted);
            return Results.Created($"/api/v1/apis/{api.Id}", ApiView.From(api, apis.Find(api.Id)));
        })
            .WithSummary("Create an API; without an id it gets the next free WS_API_N")
            .ReadsJson<ApiConfig>()
            .Produces<ApiView>(StatusCodes.Status201Created)
            .ProducesConfigChangeProblems();

        group.MapPut("/{id}", async (string id, HttpRequest request, ConfigManager config, ApiManager apis) =>
        {
            var existing = config.Current.FindApi(id);
            if (existing is null)
            {
                return AdminProblems.NotFound($"no API '{id}'");
            }

            var api = await RequestBody.ReadAsync<ApiConfig>(request);
            if (api.Id.Length == 0)
            {
                api = api with { Id = existing.Id };
            }
            else if (!string.Equals(api.Id, existing.Id, StringComparison.OrdinalIgnoreCase))
            {
                return AdminProblems.BadField("id", "the id cannot change; create a new API instead");
            }

            await config.ChangeAsync(c => c.WithApi(api), focusApiId: api.Id, cancellationToken: request.HttpContext.RequestAborted);
            return Results.Ok(ApiView.From(api, apis.Find(api.Id)));
        })
            .WithSummary("Replace an API's configuration")
            .ReadsJson<ApiConfig>()
            .Produces<ApiView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();

        group.MapDelete("/{id}", async (string id, ConfigManager config, CancellationToken cancellationToken) =>
        {
            if (config.Current.FindApi(id) is null)
            {
                return AdminProblems.NotFound($"no API '{id}'");
            }

            await config.ChangeAsync(c => c.WithoutApi(id), cancellationToken: cancellationToken);
            return Results.NoContent();
        })
            .WithSummary("Delete an API")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();

        group.MapPost("/{id}/lifecycle", async (string id, HttpRequest request, ConfigManager config, ApiManager apis) =>
        {
            var existing = config.Current.FindApi(id);
            if (existing is null)
            {
                return AdminProblems.NotFound($"no API '{id}'");
            }

            var body = await RequestBody.ReadAsync<LifecycleRequest>(request);
            if (body.State is not { } state)
            {
                return AdminProblems.BadField("state", "is required: created, prototyped, published, deprecated or retired");
            }

            await config.ChangeAsync(c => c.WithApi(existing with { Lifecycle = state }), focusApiId: id, cancellationToken: request.HttpContext.RequestAborted);
            return Results.Ok(ApiView.From(config.Current.FindApi(id)!, apis.Find(id)));
        })
            .WithSummary("Move an API through its lifecycle (created, prototyped, published, deprecated, retired)")
            .ReadsJson<LifecycleRequest>()
            .Produces<ApiView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();

        group.MapPost("/{id}/test", async (string id, string? environment, ConfigManager config, BackendProbe probe, CancellationToken cancellationToken) =>
        {
            var api = config.Current.FindApi(id);
            if (api is null)
            {
                return AdminProblems.NotFound($"no API '{id}'");
            }

            var environments = environment switch
            {
                null or "" => new[] { BackendEnvironment.Production, BackendEnvironment.Sandbox },
                _ when Enum.TryParse<BackendEnvironment>(environment, ignoreCase: true, out var e) && Enum.IsDefined(e) => [e],
                _ => null,
            };
            if (environments is null)
            {
                return AdminProblems.BadField("environment", "must be production or sandbox");
            }

            var probes = environments
                .SelectMany(e => api.Endpoints.For(e).Urls.Select(u => probe.ProbeAsync(api, e, BackendUrl.Normalize(u), cancellationToken)))
                .ToList();
            var results = await Task.WhenAll(probes);
            return Results.Ok(new ApiTestView(api.Id, results.Length > 0 && results.All(r => r.Ok), results));
        })
            .WithSummary("Test an API's backend endpoints for real: a WebSocket handshake to each")
            .Produces<ApiTestView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
    }
}
