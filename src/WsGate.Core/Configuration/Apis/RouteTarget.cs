using System.Text.Json.Serialization;

namespace WsGate.Configuration.Apis;

/// <summary>The backend of one route: written as a URL string, or as a group <c>{ urls: [...], strategy, messageSchema }</c>.</summary>
[JsonConverter(typeof(RouteTargetConverter))]
public sealed record RouteTarget
{
    public IReadOnlyList<string> Urls { get; init; } = [];

    public LoadBalancing Strategy { get; init; } = LoadBalancing.RoundRobin;

    /// <summary>The schemas of this route's messages, in place of the API's (both directions and the action); null uses the API's.</summary>
    public MessageSchemaConfig? MessageSchema { get; init; }

    public BackendGroupConfig AsGroup() => new() { Urls = Urls, Strategy = Strategy };
}
