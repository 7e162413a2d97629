namespace WsGate.Throttling;

/// <summary>One node alone (the embedded store): every connection and every token is this node's.</summary>
public sealed class SingleNodeQuota : IClusterQuota
{
    public static SingleNodeQuota Instance { get; } = new();

    public int OtherNodesConnections(string capKey) => 0;

    public double RateShare(string rateKey) => 1;
}
