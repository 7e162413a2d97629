namespace WsGate.Management;

/// <summary>What an import does with an imported listener whose binding is already held by a listener with another id.</summary>
public enum PortConflictPolicy
{
    /// <summary>The existing listener keeps its settings and the imported one is skipped (webMethods package replication).</summary>
    KeepExisting,

    /// <summary>The existing listener is removed and the imported one takes the port.</summary>
    Replace,

    /// <summary>The whole import is refused.</summary>
    Reject,
}
