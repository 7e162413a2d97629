using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Channels;

namespace WsGate.Admin.Api;

/// <summary>Server push to channels: list channels with subscribers and publish to one.</summary>
public static class ChannelsApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/channels").WithTags("Channels");
        group.MapGet("/", (ChannelBroker broker) => broker.List())
            .WithSummary("List channels with their subscribers and messages published");

        group.MapPost("/{name}/publish", async (string name, HttpRequest request, ChannelBroker broker) =>
        {
            if (!ChannelNames.IsValid(name))
            {
                return AdminProblems.BadField("name", ChannelNames.Rule);
            }

            var body = await RequestBody.ReadAsync<PublishRequest>(request);
            if (body.Data is not { } data)
            {
                return AdminProblems.BadField("data", "is required: the JSON value to publish");
            }

            return Results.Ok(new PublishResultView(name, broker.Publish(name, data)));
        })
            .WithSummary("Publish a JSON value to a channel's subscribers")
            .ReadsJson<PublishRequest>()
            .Produces<PublishResultView>();
    }
}
