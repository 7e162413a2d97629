namespace WsGate.Storage;

/// <summary>
/// One node's use of one cluster-wide limit, as it last reported it: <see cref="Kind"/> is
/// <see cref="ConnectionsKind"/> (a connection cap; <see cref="Value"/> is the connections the node holds under it) or
/// <see cref="RateKind"/> (a rate limit the node drew on lately; <see cref="Value"/> is the messages it admitted in its
/// last reporting interval).
/// </summary>
public sealed record StoredUsage(string NodeId, string Kind, string Key, long Value)
{
    public const string ConnectionsKind = "connections";

    public const string RateKind = "rate";
}
