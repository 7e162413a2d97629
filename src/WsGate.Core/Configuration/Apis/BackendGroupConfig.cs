namespace WsGate.Configuration.Apis;

/// <summary>The backend endpoints of one environment. <c>http</c> and <c>https</c> URLs mean <c>ws</c> and <c>wss</c>, as DataPower's backside URL does.</summary>
public sealed record BackendGroupConfig
{
    public IReadOnlyList<string> Urls { get; init; } = [];

    public LoadBalancing Strategy { get; init; } = LoadBalancing.RoundRobin;
}
