namespace WsGate.Configuration.Identity;

/// <summary>How a WebSocket client may prove who it is on the handshake.</summary>
public enum AuthMode
{
    /// <summary>No credentials needed (RoboTask's "allows anonymous connections").</summary>
    Anonymous,

    /// <summary>HTTP Basic against the user list.</summary>
    Basic,

    /// <summary>
    /// <c>/auth/&lt;user&gt;/&lt;password&gt;</c> at the start of the path, as RoboTask's URL authentication. Insecure (the password
    /// travels in the URL and lands in browser history and proxy logs); off unless listed; WsGate redacts it everywhere.
    /// </summary>
    Url,

    /// <summary>An application's API key in a header or query parameter.</summary>
    ApiKey,

    /// <summary>An OAuth2 access token issued by WsGate: <c>Authorization: Bearer</c>, an <c>access_token</c> query parameter, or a <c>Sec-WebSocket-Protocol</c> entry.</summary>
    OAuth2,

    /// <summary>A signed JWT from an external issuer, in the same places as an OAuth2 token.</summary>
    Jwt,

    /// <summary>
    /// The web application's session: the handshake's cookies and chosen headers are sent to the application's endpoint
    /// (<see cref="AuthenticationConfig.Forward"/>), whose 2xx answer admits (nginx's <c>auth_request</c>).
    /// </summary>
    Forward,
}
