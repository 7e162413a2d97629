using System.Text.Json.Serialization;

namespace WsGate.Configuration.Apis;

/// <summary>The backend of one route: written as a URL string, or as a group <c>{ urls: [...], strategy }</c>.</summary>
[JsonConverter(typeof(RouteTargetConverter))]
public sealed record RouteTarget
{
    public IReadOnlyList<string> Urls { get; init; } = [];

    public LoadBalancing Strategy { get; init; } = LoadBalancing.RoundRobin;

    public BackendGroupConfig AsGroup() => new() { Urls = Urls, Strategy = Strategy };
}
