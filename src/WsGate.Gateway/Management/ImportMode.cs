namespace WsGate.Management;

public enum ImportMode
{
    /// <summary>Imported objects are added or replace the objects with the same id; others stay.</summary>
    Merge,

    /// <summary>The imported document becomes the whole configuration.</summary>
    Replace,
}
