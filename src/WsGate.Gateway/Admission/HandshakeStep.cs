using WsGate.Protocol;

namespace WsGate.Admission;

/// <summary>The request must be a well-formed RFC 6455 opening handshake (section 4.2.1), checked before anything is dialled.</summary>
public sealed class HandshakeStep : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context) =>
        ValueTask.FromResult(WebSocketHandshake.Validate(context.Http));
}
