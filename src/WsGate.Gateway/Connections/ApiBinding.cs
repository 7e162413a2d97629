using WsGate.Configuration.Apis;
using WsGate.Routing;

namespace WsGate.Connections;

/// <summary>What a proxied connection is bound to: the API, the environment its backend was chosen from, and the backend.</summary>
public sealed record ApiBinding(ApiRuntime Api, BackendEnvironment Environment, Uri Backend)
{
    /// <summary>Opened while the API was prototyped: no backend; the API's mock and rules answer it.</summary>
    public bool IsPrototype { get; init; }
}
