namespace WsGate.Admission;

/// <summary>
/// One check of the admission chain, run in the order <see cref="AdmissionChain"/> states. A step reads and adds to the
/// <see cref="AdmissionContext"/> (who the client is, the tier, the environment), may take a lease the connection's
/// lifetime gives back (<see cref="AdmissionContext.Hold"/>), and refuses with a rejection written as problem+json
/// before any upgrade and before any backend is dialled.
/// </summary>
public interface IAdmissionStep
{
    ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context);
}
