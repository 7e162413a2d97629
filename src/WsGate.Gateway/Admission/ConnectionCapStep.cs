using WsGate.Throttling;

namespace WsGate.Admission;

/// <summary>
/// The connection caps of throttling (per application and per user from the subscription's tier, per client IP from the
/// API and the listener) answer 429; the connection's throttle (its rate limits, and its share of the caps) is a lease.
/// </summary>
public sealed class ConnectionCapStep(ThrottleService throttles) : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context)
    {
        var principal = context.Principal;
        var subject = context.Api is { } api
            ? new ThrottleSubject(context.Listener.Id, null, api.Id, principal.ApplicationId, principal.Username, context.Tier, context.Http.Connection.RemoteIpAddress)
            : new ThrottleSubject(context.Listener.Id, context.Endpoint!.Path, null, null, principal.Username, null, context.Http.Connection.RemoteIpAddress);
        var admission = throttles.Admit(subject);
        if (admission.Rejection is { } tooMany)
        {
            return ValueTask.FromResult<HandshakeRejection?>(tooMany);
        }

        context.Throttle = admission.Throttle!;
        context.Hold(admission.Throttle!);
        return ValueTask.FromResult<HandshakeRejection?>(null);
    }
}
