namespace WsGate.Policies;

/// <summary>
/// One check on an API handshake before the upgrade (DataPower runs its rules before upgrading). Policies run in
/// registration order and the first refusal wins; identity and throttling add theirs to the same chain.
/// </summary>
public interface IHandshakePolicy
{
    ValueTask<HandshakeRejection?> CheckAsync(HandshakeContext context);
}
