namespace WsGate.Storage;

/// <summary>The states a cluster node row can be in.</summary>
public static class NodeStates
{
    /// <summary>Heart-beating and accepting connections.</summary>
    public const string Alive = "alive";

    /// <summary>Heart-beating, told to drain: accepts no new connections.</summary>
    public const string Draining = "draining";

    /// <summary>Stopped cleanly and said so.</summary>
    public const string Left = "left";

    /// <summary>Its heartbeat stopped: another node marked it gone.</summary>
    public const string Gone = "gone";
}
