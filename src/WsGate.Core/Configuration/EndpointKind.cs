using System.Text.Json.Serialization;

namespace WsGate.Configuration;

public enum EndpointKind
{
    /// <summary>Echoes every message back, text and binary preserved.</summary>
    Echo,

    /// <summary>Publish/subscribe over named channels with a small JSON protocol (docs/channels.md).</summary>
    Channel,

    /// <summary>
    /// Not a WebSocket: the OAuth2 token, revocation and introspection endpoints over HTTP at <c>PATH/token</c>,
    /// <c>PATH/revoke</c> and <c>PATH/introspect</c>, so clients get tokens without reaching the admin port.
    /// </summary>
    [JsonStringEnumMemberName("oauth2")]
    OAuth2,

    /// <summary>
    /// Not a WebSocket: the developer portal (subscribers sign in, manage applications and keys, try APIs) over HTTP
    /// under the endpoint's path. Staff accounts sign in on the admin port only.
    /// </summary>
    Portal,
}
