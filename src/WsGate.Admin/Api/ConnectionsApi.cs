using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Connections;

namespace WsGate.Admin.Api;

/// <summary>Live connections: list with counters, send to one, close one with a code and reason.</summary>
public static class ConnectionsApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/connections").WithTags("Connections");
        group.MapGet("/", async (string? listener, string? endpoint, ConnectionRegistry registry, IServiceProvider services, CancellationToken ct) =>
        {
            // On a cluster the list covers every node: this node's connections with their counters, the others' from the directory.
            var node = ClusterConnections.LocalNodeId(services);
            return registry.All.Select(s => ClusterConnections.View(s, node))
                .Concat((await ClusterConnections.OthersAsync(services, ct)).Select(ClusterConnections.View))
                .Where(s => listener is null || string.Equals(s.Listener, listener, StringComparison.OrdinalIgnoreCase))
                .Where(s => endpoint is null || string.Equals(s.Endpoint, endpoint, StringComparison.OrdinalIgnoreCase))
                .OrderBy(s => s.ConnectedAt)
                .ToList();
        })
            .WithSummary("List live connections on every node, optionally of one listener or endpoint");

        group.MapGet("/{id}", async (string id, ConnectionRegistry registry, IServiceProvider services, CancellationToken ct) =>
            registry.Find(id) is { } s ? Results.Ok(ClusterConnections.View(s, ClusterConnections.LocalNodeId(services)))
            : await ClusterConnections.FindElsewhereAsync(services, id, ct) is { } remote ? Results.Ok(ClusterConnections.View(remote))
            : AdminProblems.NotFound($"no live connection '{id}'"))
            .WithSummary("Get a live connection with its counters")
            .Produces<ConnectionView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/close", async (string id, HttpRequest request, ConnectionRegistry registry, IServiceProvider services) =>
        {
            var session = registry.Find(id);
            var remote = session is null ? await ClusterConnections.FindElsewhereAsync(services, id, request.HttpContext.RequestAborted) : null;
            if (session is null && remote is null)
            {
                return AdminProblems.NotFound($"no live connection '{id}'");
            }

            var body = request.ContentLength is 0 ? new CloseRequest() : await RequestBody.ReadAsync<CloseRequest>(request);
            if (!IsSendableCloseCode(body.Code))
            {
                return AdminProblems.BadField("code", "must be 1000, 1001, 1008, 1011 or 3000-4999 (RFC 6455 section 7.4)");
            }

            if (body.Reason is not null && Encoding.UTF8.GetByteCount(body.Reason) > 123)
            {
                return AdminProblems.BadField("reason", "must be at most 123 bytes of UTF-8 (RFC 6455 section 5.5)");
            }

            if (session is null)
            {
                ClusterConnections.Bus(services).Close(remote!.NodeId, id, body.Code, body.Reason);
                return Results.Accepted();
            }

            await session.CloseAsync((WebSocketCloseStatus)body.Code, body.Reason);
            return Results.Accepted();
        })
            .WithSummary("Close a live connection with a close code and reason (default 1000)")
            .ReadsJson<CloseRequest>(optional: true)
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/send", async (string id, HttpRequest request, ConnectionRegistry registry, IServiceProvider services) =>
        {
            var session = registry.Find(id);
            var remote = session is null ? await ClusterConnections.FindElsewhereAsync(services, id, request.HttpContext.RequestAborted) : null;
            if (session is null && remote is null)
            {
                return AdminProblems.NotFound($"no live connection '{id}'");
            }

            if (session is { SeesMessages: false })
            {
                return AdminProblems.Conflict($"connection '{id}' is relayed in stream mode, which carries raw bytes; sending needs an API in frames mode");
            }

            var body = await RequestBody.ReadAsync<SendRequest>(request);
            if ((body.Text is null) == (body.Base64 is null))
            {
                return AdminProblems.BadField("text", "give exactly one of text or base64");
            }

            OutboundMessage message;
            if (body.Text is not null)
            {
                message = new OutboundMessage(Encoding.UTF8.GetBytes(body.Text), WebSocketMessageType.Text);
            }
            else
            {
                var bytes = new byte[body.Base64!.Length];
                if (!Convert.TryFromBase64String(body.Base64, bytes, out var length))
                {
                    return AdminProblems.BadField("base64", "is not valid base64");
                }

                message = new OutboundMessage(bytes.AsMemory(0, length), WebSocketMessageType.Binary);
            }

            if (session is null)
            {
                // The holding node queues it (or drops it if the connection closed meanwhile, as a local send to a closing one would).
                ClusterConnections.Bus(services).Send(remote!.NodeId, id, message.Payload, message.Type == WebSocketMessageType.Binary);
                return Results.Accepted();
            }

            return session.Enqueue(message)
                ? Results.Accepted()
                : AdminProblems.Conflict($"connection '{id}' is closing");
        })
            .WithSummary("Send a text or binary message to a live connection")
            .ReadsJson<SendRequest>()
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static bool IsSendableCloseCode(int code) => code is 1000 or 1001 or 1008 or 1011 or (>= 3000 and <= 4999);
}
