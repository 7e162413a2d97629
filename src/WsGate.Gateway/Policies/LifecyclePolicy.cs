using Microsoft.AspNetCore.Http;
using WsGate.Configuration.Apis;

namespace WsGate.Policies;

/// <summary>Only published APIs accept new connections.</summary>
public sealed class LifecyclePolicy : IHandshakePolicy
{
    public ValueTask<HandshakeRejection?> CheckAsync(HandshakeContext context)
    {
        var api = context.Api.Config;
        return ValueTask.FromResult(api.Lifecycle == ApiLifecycle.Published
            ? null
            : new HandshakeRejection(
                StatusCodes.Status404NotFound,
                "API not available",
                $"API '{api.Id}' ({api.Context}/{api.Version}) is {api.Lifecycle.ToString().ToLowerInvariant()} and accepts no new connections"));
    }
}
