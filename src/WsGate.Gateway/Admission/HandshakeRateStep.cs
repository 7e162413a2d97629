using Microsoft.AspNetCore.Http;

namespace WsGate.Admission;

/// <summary>An API's handshake rate limit (a token bucket for all its clients together).</summary>
public sealed class HandshakeRateStep : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context)
    {
        var bucket = context.Api?.HandshakeBucket;
        if (bucket is null || bucket.TryTake(1, out var retryAfter))
        {
            return ValueTask.FromResult<HandshakeRejection?>(null);
        }

        return ValueTask.FromResult<HandshakeRejection?>(new HandshakeRejection(
            StatusCodes.Status429TooManyRequests,
            "Too many handshakes",
            $"API '{context.Api!.Id}' accepts {bucket.Rate:0.##} handshakes per second",
            retryAfter));
    }
}
