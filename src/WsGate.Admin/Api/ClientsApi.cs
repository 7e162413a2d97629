using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Configuration;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Secrets;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Outbound;

namespace WsGate.Admin.Api;

/// <summary>
/// Outbound WebSocket clients (RoboTask's WS Connection Manager, Clients tab): create, edit with autofill from a URL,
/// test the connection, connect and disconnect by hand, send a message.
/// </summary>
public static class ClientsApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/clients").WithTags("Clients");
        group.MapGet("/", (ConfigManager config, OutboundClientManager clients) =>
            config.Current.Clients.Select(c => ClientView.From(c, clients.Find(c.Id))))
            .WithSummary("List outbound clients with their connection state");

        group.MapGet("/{id}", (string id, ConfigManager config, OutboundClientManager clients) =>
            config.Current.FindClient(id) is { } c ? Results.Ok(ClientView.From(c, clients.Find(c.Id))) : AdminProblems.NotFound($"no client '{id}'"))
            .WithSummary("Get an outbound client")
            .Produces<ClientView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (HttpRequest request, ConfigManager config, OutboundClientManager clients) =>
        {
            var body = await ReadAsync(request, config.Current, null);
            if (body.Id.Length > 0 && config.Current.FindClient(body.Id) is not null)
            {
                return AdminProblems.BadField("id", $"a client with the id '{body.Id}' already exists");
            }

            // Without an id the client gets the next free WS_CLIENT_N inside the change, so two creates at once never share one.
            var client = body;
            await config.ChangeAsync(c => c.WithClient(client = DefaultIds.Assign(body, c)), cancellationToken: request.HttpContext.RequestAborted);
            return Results.Created($"/api/v1/clients/{client.Id}", ClientView.From(client, clients.Find(client.Id)));
        })
            .WithSummary("Create an outbound client; its URL fills in the host, port, path and credentials left out, and without an id it gets the next free WS_CLIENT_N")
            .ReadsJson<OutboundClientConfig>()
            .Produces<ClientView>(StatusCodes.Status201Created)
            .ProducesConfigChangeProblems();

        group.MapPut("/{id}", async (string id, HttpRequest request, ConfigManager config, OutboundClientManager clients) =>
        {
            var existing = config.Current.FindClient(id);
            if (existing is null)
            {
                return AdminProblems.NotFound($"no client '{id}'");
            }

            var client = await ReadAsync(request, config.Current, existing);
            if (!string.Equals(client.Id, existing.Id, StringComparison.OrdinalIgnoreCase))
            {
                return AdminProblems.BadField("id", "the id cannot change; create a new client instead");
            }

            await config.ChangeAsync(c => c.WithClient(client), cancellationToken: request.HttpContext.RequestAborted);
            return Results.Ok(ClientView.From(client, clients.Find(client.Id)));
        })
            .WithSummary("Replace an outbound client's configuration")
            .ReadsJson<OutboundClientConfig>()
            .Produces<ClientView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();

        group.MapDelete("/{id}", async (string id, ConfigManager config, CancellationToken cancellationToken) =>
        {
            if (config.Current.FindClient(id) is null)
            {
                return AdminProblems.NotFound($"no client '{id}'");
            }

            await config.ChangeAsync(c => c.WithoutClient(id), cancellationToken: cancellationToken);
            return Results.NoContent();
        })
            .WithSummary("Delete an outbound client, disconnecting it")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();

        group.MapPost("/{id}/test", async (string id, ConfigManager config, OutboundConnector connector, CancellationToken cancellationToken) =>
            config.Current.FindClient(id) is { } client
                ? Results.Ok(await connector.TestAsync(client, cancellationToken))
                : AdminProblems.NotFound($"no client '{id}'"))
            .WithSummary("Test an outbound client's connection: connect, then close at once")
            .Produces<OutboundTestResult>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/connect", (string id, ConfigManager config, OutboundClientManager clients) =>
        {
            if (config.Current.FindClient(id) is not { } client || clients.Find(id) is not { } runtime)
            {
                return AdminProblems.NotFound($"no client '{id}'");
            }

            runtime.Start();
            return Results.Ok(ClientView.From(client, runtime));
        })
            .WithSummary("Connect an outbound client by hand")
            .Produces<ClientView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/disconnect", async (string id, ConfigManager config, OutboundClientManager clients) =>
        {
            if (config.Current.FindClient(id) is not { } client || clients.Find(id) is not { } runtime)
            {
                return AdminProblems.NotFound($"no client '{id}'");
            }

            await runtime.StopAsync();
            return Results.Ok(ClientView.From(client, runtime));
        })
            .WithSummary("Disconnect an outbound client by hand")
            .Produces<ClientView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/send", async (string id, HttpRequest request, OutboundClientManager clients) =>
        {
            if (clients.Find(id) is not { } runtime)
            {
                return AdminProblems.NotFound($"no client '{id}'");
            }

            var body = await RequestBody.ReadAsync<SendRequest>(request);
            if ((body.Text is null) == (body.Base64 is null))
            {
                return AdminProblems.BadField("text", "give exactly one of text or base64");
            }

            byte[] payload;
            try
            {
                payload = body.Text is not null ? Encoding.UTF8.GetBytes(body.Text) : Convert.FromBase64String(body.Base64!);
            }
            catch (FormatException)
            {
                return AdminProblems.BadField("base64", "is not valid base64");
            }

            var type = body.Text is not null ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            return await runtime.SendAsync(payload, type, request.HttpContext.RequestAborted)
                ? Results.Ok(new ClientSendResultView(runtime.Id, payload.Length))
                : AdminProblems.Conflict($"client '{runtime.Id}' is not connected ({runtime.State.ToString().ToLowerInvariant()}): {runtime.Status.LastError ?? "no connection"}");
        })
            .WithSummary("Send a text or binary message through a connected outbound client")
            .ReadsJson<SendRequest>()
            .Produces<ClientSendResultView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// Reads a client, checks it on its own so errors name its fields (<c>port</c>, not <c>clients[3].port</c>), and applies
    /// autofill from its URL. A masked secret in an edit keeps the stored one (ConfigManager, for every change).
    /// </summary>
    private static async Task<OutboundClientConfig> ReadAsync(HttpRequest request, GatewayConfig current, OutboundClientConfig? existing)
    {
        var client = existing is null ? await RequestBody.ReadNewAsync<OutboundClientConfig>(request) : await RequestBody.ReadAsync<OutboundClientConfig>(request);
        if (existing is not null && client.Id.Length == 0)
        {
            client = client with { Id = existing.Id };
        }

        // Masked secrets sent back are restored before autofill reads the URL (ConfigManager would restore them only
        // after autofill had copied the masked URL's parts into the path and credentials).
        client = SecretRestorer.KeepStored(GatewayConfig.Empty with { Clients = [client] }, GatewayConfig.Empty with { Clients = existing is null ? [] : [existing] }).Clients[0];

        // A new client without an id is checked as it will be created: with the next free WS_CLIENT_N.
        var errors = new ErrorSink();
        OutboundClientValidator.Validate(DefaultIds.Assign(client, current), current, errors);
        errors.ThrowIfAny();
        return client.Autofilled();
    }
}
