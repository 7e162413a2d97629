namespace WsGate.Configuration.Apis;

/// <summary>
/// Content-based routing of a <c>frames</c> API (AWS API Gateway's route selection expression): each client message is
/// sent to the backend its <see cref="Expression"/> property selects in <see cref="Routes"/>, or to
/// <see cref="Default"/> when no route matches. Responses from every backend reach the client.
/// </summary>
public sealed record RoutingConfig
{
    /// <summary>A JSON property path such as <c>$.action</c>.</summary>
    public string Expression { get; init; } = "";

    /// <summary>Property value to backend: a URL, or a group with several URLs and a strategy.</summary>
    public IReadOnlyDictionary<string, RouteTarget> Routes { get; init; } = new Dictionary<string, RouteTarget>();

    /// <summary>Where messages go that select no route (not JSON, no such property, an unknown value); absent refuses them.</summary>
    public RouteTarget? Default { get; init; }
}
