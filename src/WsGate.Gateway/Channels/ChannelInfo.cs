namespace WsGate.Channels;

/// <summary>A channel with subscribers on this node.</summary>
public sealed record ChannelInfo(string Name, int Subscribers, long Published);
