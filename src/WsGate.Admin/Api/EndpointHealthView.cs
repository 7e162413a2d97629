using WsGate.Routing;

namespace WsGate.Admin.Api;

public sealed record EndpointHealthView(string Environment, string Url, bool Healthy, string? LastError, DateTimeOffset? LastChecked)
{
    public static EndpointHealthView From(string environment, BackendEndpoint endpoint) =>
        new(environment, endpoint.Url.ToString(), endpoint.Healthy, endpoint.LastError, endpoint.LastChecked);
}
