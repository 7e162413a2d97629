namespace WsGate.Routing;

/// <summary>A path an API answers on, on one listener.</summary>
public sealed record ApiRoute(string Path, ApiRuntime Api);
