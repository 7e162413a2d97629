using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Cluster;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>The nodes of the cluster with their state; on the embedded store, the one node that answers.</summary>
public static class NodesApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        admin.MapGet("/api/v1/nodes", async (LocalNode local, ClusterOptions options, TimeProvider time, IServiceProvider services, CancellationToken ct) =>
        {
            if (services.GetService<IClusterStore>() is not { } cluster)
            {
                return Results.Ok(new[] { View(local.Snapshot(), local, options, time.GetUtcNow()) });
            }

            try
            {
                var now = time.GetUtcNow();
                return Results.Ok((await cluster.ListNodesAsync(ct)).Select(n => View(n, local, options, now)).ToList());
            }
            catch (StoreUnavailableException ex)
            {
                return AdminProblems.StoreUnavailable(ex.Message);
            }
        })
            .WithTags("Cluster")
            .WithSummary("List the cluster's nodes with their state and connections")
            .Produces<List<NodeView>>();

        admin.MapPost("/api/v1/nodes/{id}/drain", async (string id, HttpRequest request, LocalNode local, ClusterOptions options, NodeDrainer drainer, IServiceProvider services) =>
        {
            var body = request.ContentLength is 0 ? new DrainRequest() : await RequestBody.ReadAsync<DrainRequest>(request);
            if (body.Period is < 0 or > 3600)
            {
                return AdminProblems.BadField("period", "must be from 0 to 3600 seconds");
            }

            var period = body.Period is { } seconds ? TimeSpan.FromSeconds(seconds) : options.DrainPeriod;
            if (string.Equals(id, local.Id, StringComparison.Ordinal))
            {
                return drainer.Start(period) is { } plan
                    ? Results.Accepted(value: new DrainResultView(id, plan.Connections, plan.Batches, period.TotalSeconds))
                    : AdminProblems.Conflict($"node '{id}' is already draining");
            }

            if (services.GetService<IClusterStore>() is not { } cluster)
            {
                return AdminProblems.NotFound($"no node '{id}'");
            }

            var target = (await cluster.ListNodesAsync(request.HttpContext.RequestAborted)).FirstOrDefault(n => n.Id == id);
            if (target is null || target.State is not NodeStates.Alive)
            {
                return target is null ? AdminProblems.NotFound($"no node '{id}'") : AdminProblems.Conflict($"node '{id}' is {target.State}");
            }

            services.GetRequiredService<ClusterBus>().Drain(id, period);
            return Results.Accepted(value: new DrainResultView(id, null, null, period.TotalSeconds));
        })
            .WithTags("Cluster")
            .WithSummary("Drain a node: close its connections in batches over a period, so clients reconnect elsewhere")
            .ReadsJson<DrainRequest>(optional: true)
            .Produces<DrainResultView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static NodeView View(StoredNode node, LocalNode local, ClusterOptions options, DateTimeOffset now)
    {
        // The sweep runs every heartbeat; between sweeps a silent node is already shown as gone, with no connections.
        var stale = node.State is NodeStates.Alive or NodeStates.Draining && node.LastSeenAt < now - options.NodeTimeout;
        return new NodeView(
            node.Id,
            stale ? NodeStates.Gone : node.State,
            string.Equals(node.Id, local.Id, StringComparison.Ordinal),
            node.AdminAddress,
            node.Version,
            stale || node.State is NodeStates.Gone or NodeStates.Left ? 0 : node.Connections,
            node.StartedAt,
            node.LastSeenAt);
    }
}
