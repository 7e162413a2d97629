using Microsoft.AspNetCore.Http;

namespace WsGate.Admission;

/// <summary>An API's max connections: 503 when it is full; the slot is a lease.</summary>
public sealed class ApiCapStep : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context)
    {
        if (context.Api is not { } api)
        {
            return ValueTask.FromResult<HandshakeRejection?>(null);
        }

        if (!api.TryReserveConnection())
        {
            return ValueTask.FromResult<HandshakeRejection?>(new HandshakeRejection(
                StatusCodes.Status503ServiceUnavailable,
                "Too many connections",
                $"API '{api.Id}' is at its limit of {api.Config.Limits.MaxConnections} connections",
                AdmissionChain.RetryAfter));
        }

        context.Hold(new SlotLease(api.ReleaseConnection));
        return ValueTask.FromResult<HandshakeRejection?>(null);
    }
}
