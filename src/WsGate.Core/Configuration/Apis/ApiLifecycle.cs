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

    /// <summary>
    /// Accepts new connections like <see cref="Published"/> but dials no backend: the API's <see cref="ApiConfig.Mock"/>
    /// and rules on it answer its clients, so consumers can try it before the backend exists.
    /// </summary>
    Prototyped,
}
