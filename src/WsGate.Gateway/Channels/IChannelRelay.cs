using System.Text.Json;

namespace WsGate.Channels;

/// <summary>Carries a publish made on this node to the other nodes of a cluster; must not block the publisher.</summary>
public interface IChannelRelay
{
    void Forward(string channel, JsonElement data);
}
