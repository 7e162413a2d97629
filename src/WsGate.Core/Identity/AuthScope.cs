namespace WsGate.Identity;

/// <summary>
/// Where an authentication attempt was made. Failures are counted per scope, so that guessing on a public listener
/// cannot lock anyone out of the admin API, and the other way round.
/// </summary>
public enum AuthScope
{
    /// <summary>WebSocket handshakes on the listeners and the OAuth2 token endpoint.</summary>
    Public,

    /// <summary>The admin API and the web console's sign-in.</summary>
    Admin,
}
