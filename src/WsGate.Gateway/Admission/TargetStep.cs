using Microsoft.AspNetCore.Http;

namespace WsGate.Admission;

/// <summary>The request must be for one of the listener's endpoints or for an API routed through it.</summary>
public sealed class TargetStep : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context) =>
        ValueTask.FromResult(context.Endpoint is null && context.Route is null
            ? new HandshakeRejection(StatusCodes.Status404NotFound, "No such endpoint", $"listener '{context.Listener.Id}' has no WebSocket endpoint or API at {context.Path}")
            : null);
}
