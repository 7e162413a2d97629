namespace WsGate.Configuration.Rules;

public enum BridgeDirection
{
    Both,
    ClientToChannel,
    ChannelToClient,
}
