using Microsoft.AspNetCore.Http;
using WsGate.Configuration.Apis;

namespace WsGate.Admission;

/// <summary>Only published and prototyped APIs accept new connections.</summary>
public sealed class LifecycleStep : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context)
    {
        if (context.Api?.Config is not { } api || api.Lifecycle.AcceptsConnections())
        {
            return ValueTask.FromResult<HandshakeRejection?>(null);
        }

        return ValueTask.FromResult<HandshakeRejection?>(new HandshakeRejection(
            StatusCodes.Status404NotFound,
            "API not available",
            $"API '{api.Id}' ({api.Context}/{api.Version}) is {api.Lifecycle.ToString().ToLowerInvariant()} and accepts no new connections"));
    }
}
