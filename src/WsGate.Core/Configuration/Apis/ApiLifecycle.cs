namespace WsGate.Configuration.Apis;

public enum ApiLifecycle
{
    /// <summary>Defined but not reachable.</summary>
    Created,

    /// <summary>Accepts new connections.</summary>
    Published,

    /// <summary>Refuses new connections; connections already open stay.</summary>
    Deprecated,

    /// <summary>Refuses new connections and closes the open ones with 1001.</summary>
    Retired,
}
