namespace WsGate.Configuration.Rules;

/// <summary>
/// An outbound client and a channel wired both ways: what the remote server sends is published to the channel, what is
/// published to the channel is sent to the server. A shortcut for the two rules it stands for; a bridge never sends a
/// message back where it came from.
/// </summary>
public sealed record BridgeConfig
{
    public string Id { get; init; } = "";

    public bool Enabled { get; init; } = true;

    public string Client { get; init; } = "";

    public string Channel { get; init; } = "";

    public BridgeDirection Direction { get; init; } = BridgeDirection.Both;
}
