using WsGate.Configuration.Apis;

namespace WsGate.Admin.Api;

/// <summary>Body of a lifecycle change: <c>{"state": "published"}</c>.</summary>
public sealed record LifecycleRequest
{
    public ApiLifecycle? State { get; init; }
}
