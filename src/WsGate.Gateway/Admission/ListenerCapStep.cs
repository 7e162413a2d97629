using Microsoft.AspNetCore.Http;

namespace WsGate.Admission;

/// <summary>A listener's max connections: 503 when it is full; the slot is a lease.</summary>
public sealed class ListenerCapStep : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context)
    {
        var listener = context.Listener;
        if (!listener.TryReserveConnection())
        {
            listener.Counters.CountRejectedOverCapacity();
            return ValueTask.FromResult<HandshakeRejection?>(new HandshakeRejection(
                StatusCodes.Status503ServiceUnavailable,
                "Too many connections",
                $"listener '{listener.Id}' is at its limit of {listener.Config.MaxConnections} connections",
                AdmissionChain.RetryAfter));
        }

        context.Hold(new SlotLease(listener.ReleaseConnection));
        return ValueTask.FromResult<HandshakeRejection?>(null);
    }
}
