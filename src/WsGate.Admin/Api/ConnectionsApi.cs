using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.Problems;
using WsGate.Connections;

namespace WsGate.Admin.Api;

/// <summary>Live connections: list with counters, send to one, close one with a code and reason.</summary>
public static class ConnectionsApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/connections").WithTags("Connections");
        group.MapGet("/", (string? listener, string? endpoint, ConnectionRegistry registry) =>
            registry.All
                .Where(s => listener is null || string.Equals(s.Listener.Id, listener, StringComparison.OrdinalIgnoreCase))
                .Where(s => endpoint is null || string.Equals(s.Path, endpoint, StringComparison.OrdinalIgnoreCase))
                .OrderBy(s => s.ConnectedAt)
                .Select(ConnectionView.From));

        group.MapGet("/{id}", (string id, ConnectionRegistry registry) =>
            registry.Find(id) is { } s ? Results.Ok(ConnectionView.From(s)) : AdminProblems.NotFound($"no live connection '{id}'"));

        group.MapPost("/{id}/close", async (string id, HttpRequest request, ConnectionRegistry registry) =>
        {
            var session = registry.Find(id);
            if (session is null)
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

            await session.CloseAsync((WebSocketCloseStatus)body.Code, body.Reason);
            return Results.Accepted();
        });

        group.MapPost("/{id}/send", async (string id, HttpRequest request, ConnectionRegistry registry) =>
        {
            var session = registry.Find(id);
            if (session is null)
            {
                return AdminProblems.NotFound($"no live connection '{id}'");
            }

            if (session is StreamConnection)
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

            return session.Enqueue(message)
                ? Results.Accepted()
                : AdminProblems.Conflict($"connection '{id}' is closing");
        });
    }

    private static bool IsSendableCloseCode(int code) => code is 1000 or 1001 or 1008 or 1011 or (>= 3000 and <= 4999);
}
