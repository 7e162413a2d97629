namespace WsGate.Routing;

/// <summary>A request matched to an API: the route and the rest of the path after it, forwarded to the backend.</summary>
public readonly record struct RouteMatch(ApiRoute Route, string Remainder);
