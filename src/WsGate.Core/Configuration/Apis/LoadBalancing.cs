namespace WsGate.Configuration.Apis;

public enum LoadBalancing
{
    /// <summary>Each new connection goes to the next healthy endpoint.</summary>
    RoundRobin,

    /// <summary>New connections go to the first healthy endpoint in list order.</summary>
    Failover,
}
