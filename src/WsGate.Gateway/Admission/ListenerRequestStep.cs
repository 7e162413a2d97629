using WsGate.Http;

namespace WsGate.Admission;

/// <summary>
/// The listener must take upgrades, and this request's method and HTTP version (<see cref="ListenerRequestCheck"/>): a
/// port with upgrades switched off refuses with 403 before the path is even looked up.
/// </summary>
public sealed class ListenerRequestStep : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context) =>
        ValueTask.FromResult(ListenerRequestCheck.Check(context.Http.Request, context.Listener, upgrade: true));
}
