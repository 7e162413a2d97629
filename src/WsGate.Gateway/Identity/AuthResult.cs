namespace WsGate.Identity;

/// <summary>Either the principal a handshake authenticated as, or why it was refused.</summary>
public readonly record struct AuthResult(ConnectionPrincipal? Principal, AuthFailure? Failure)
{
    public static AuthResult Success(ConnectionPrincipal principal) => new(principal, null);

    public static implicit operator AuthResult(AuthFailure failure) => new(null, failure);
}
