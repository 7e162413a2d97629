using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Configuration;
using WsGate.Listeners;
using WsGate.Management;

namespace WsGate.Admin.Api;

/// <summary>Listeners (ports): add, edit, enable, disable and delete at run time; groups enabled and disabled together.</summary>
public static class ListenersApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/listeners").WithTags("Listeners");
        group.MapGet("/", (HttpRequest request, ConfigManager config, ListenerManager listeners) =>
            config.Current.Listeners.Select(l => ListenerView.From(l, listeners.Find(l.Id), request.Host.Host)))
            .WithSummary("List listeners with their state, bound addresses and counters");

        group.MapGet("/{id}", (string id, HttpRequest request, ConfigManager config, ListenerManager listeners) =>
            config.Current.FindListener(id) is { } l ? Results.Ok(ListenerView.From(l, listeners.Find(id), request.Host.Host)) : AdminProblems.NotFound($"no listener '{id}'"))
            .WithSummary("Get a listener")
            .Produces<ListenerView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/endpoints", (string id, ConfigManager config) =>
            config.Current.FindListener(id) is { } l ? Results.Ok(l.Endpoints) : AdminProblems.NotFound($"no listener '{id}'"))
            .WithSummary("List a listener's endpoints")
            .Produces<IReadOnlyList<EndpointConfig>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (HttpRequest request, ConfigManager config, ListenerManager listeners) =>
        {
            var body = await RequestBody.ReadNewAsync<ListenerConfig>(request);
            if (body.Id.Length > 0 && config.Current.FindListener(body.Id) is not null)
            {
                return AdminProblems.BadField("id", $"a listener with the id '{body.Id}' already exists");
            }

            // A listener sent without an id gets the next free WS_SERVER_N of the snapshot the change applies to. The focus
            // (which errors are reported relative to the body) is the id it would get now; only a create racing this one
            // could make the two differ, and then the errors name the listener by its index instead.
            var listener = body;
            await config.ChangeAsync(
                c => c.WithListener(listener = DefaultIds.Assign(body, c)),
                focusListenerId: DefaultIds.Assign(body, config.Current).Id,
                cancellationToken: request.HttpContext.RequestAborted);
            var view = ListenerView.From(listener, listeners.Find(listener.Id));
            return Results.Created($"/api/v1/listeners/{listener.Id}", view);
        })
            .WithSummary("Add a listener; it binds at once. Without an id it gets the next free WS_SERVER_N")
            .ReadsJson<ListenerConfig>()
            .Produces<ListenerView>(StatusCodes.Status201Created)
            .ProducesConfigChangeProblems();

        group.MapPut("/{id}", async (string id, HttpRequest request, ConfigManager config, ListenerManager listeners) =>
        {
            var existing = config.Current.FindListener(id);
            if (existing is null)
            {
                return AdminProblems.NotFound($"no listener '{id}'");
            }

            var listener = await RequestBody.ReadAsync<ListenerConfig>(request);
            if (listener.Id.Length == 0)
            {
                listener = listener with { Id = existing.Id };
            }
            else if (!string.Equals(listener.Id, existing.Id, StringComparison.OrdinalIgnoreCase))
            {
                return AdminProblems.BadField("id", "the id cannot change; create a new listener instead");
            }

            await config.ChangeAsync(c => c.WithListener(listener), focusListenerId: listener.Id, cancellationToken: request.HttpContext.RequestAborted);
            return Results.Ok(ListenerView.From(listener, listeners.Find(listener.Id)));
        })
            .WithSummary("Replace a listener's configuration; only its own connections are affected")
            .ReadsJson<ListenerConfig>()
            .Produces<ListenerView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();

        group.MapDelete("/{id}", async (string id, ConfigManager config, CancellationToken cancellationToken) =>
        {
            if (config.Current.FindListener(id) is null)
            {
                return AdminProblems.NotFound($"no listener '{id}'");
            }

            await config.ChangeAsync(c => c.WithoutListener(id), cancellationToken: cancellationToken);
            return Results.NoContent();
        })
            .WithSummary("Delete a listener, closing its connections")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();

        group.MapPost("/{id}/enable", (string id, ConfigManager config, ListenerManager listeners, CancellationToken ct) => SetEnabledAsync(id, true, config, listeners, ct))
            .WithSummary("Enable a listener (retries the bind of one that failed)")
            .Produces<ListenerView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();
        group.MapPost("/{id}/disable", (string id, ConfigManager config, ListenerManager listeners, CancellationToken ct) => SetEnabledAsync(id, false, config, listeners, ct))
            .WithSummary("Disable a listener: unbind it and close its connections")
            .Produces<ListenerView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();

        var groups = admin.MapGroup("/api/v1/listener-groups").WithTags("Listeners");
        groups.MapPost("/{name}/enable", (string name, ConfigManager config, ListenerManager listeners, CancellationToken ct) => SetGroupEnabledAsync(name, true, config, listeners, ct))
            .WithSummary("Enable every listener of a group")
            .Produces<IEnumerable<ListenerView>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();
        groups.MapPost("/{name}/disable", (string name, ConfigManager config, ListenerManager listeners, CancellationToken ct) => SetGroupEnabledAsync(name, false, config, listeners, ct))
            .WithSummary("Disable every listener of a group")
            .Produces<IEnumerable<ListenerView>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();
    }

    private static async Task<IResult> SetEnabledAsync(string id, bool enabled, ConfigManager config, ListenerManager listeners, CancellationToken cancellationToken)
    {
        var existing = config.Current.FindListener(id);
        if (existing is null)
        {
            return AdminProblems.NotFound($"no listener '{id}'");
        }

        // Enabling an enabled listener that failed to bind retries it: ApplyAsync rebinds listeners without a host.
        await config.ChangeAsync(c => c.WithListener(existing with { Enabled = enabled }), focusListenerId: id, cancellationToken: cancellationToken);
        return Results.Ok(ListenerView.From(config.Current.FindListener(id)!, listeners.Find(id)));
    }

    private static async Task<IResult> SetGroupEnabledAsync(string name, bool enabled, ConfigManager config, ListenerManager listeners, CancellationToken cancellationToken)
    {
        var members = config.Current.Listeners.Where(l => string.Equals(l.Group, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (members.Count == 0)
        {
            return AdminProblems.NotFound($"no listener belongs to the group '{name}'");
        }

        await config.ChangeAsync(
            c => c with
            {
                Listeners = c.Listeners.Select(l => string.Equals(l.Group, name, StringComparison.OrdinalIgnoreCase) ? l with { Enabled = enabled } : l).ToList(),
            },
            cancellationToken: cancellationToken);
        return Results.Ok(config.Current.Listeners
            .Where(l => string.Equals(l.Group, name, StringComparison.OrdinalIgnoreCase))
            .Select(l => ListenerView.From(l, listeners.Find(l.Id))));
    }
}
