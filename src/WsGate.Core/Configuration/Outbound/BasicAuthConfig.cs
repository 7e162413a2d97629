using WsGate.Configuration.Secrets;

namespace WsGate.Configuration.Outbound;

/// <summary>HTTP Basic credentials sent on an outbound client's handshake.</summary>
public sealed record BasicAuthConfig
{
    public string Username { get; init; } = "";

    [Secret]

    public string Password { get; init; } = "";
}
