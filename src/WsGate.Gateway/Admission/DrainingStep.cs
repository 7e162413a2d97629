using Microsoft.AspNetCore.Http;
using WsGate.Connections;

namespace WsGate.Admission;

/// <summary>A server (or node) shutting down takes no new connections: 503 with a Retry-After.</summary>
public sealed class DrainingStep(ConnectionRegistry registry) : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context) =>
        ValueTask.FromResult(registry.IsDraining
            ? new HandshakeRejection(StatusCodes.Status503ServiceUnavailable, "Server draining", "the server is shutting down; reconnect later", AdmissionChain.RetryAfter)
            : null);
}
