namespace WsGate.Configuration.Apis;

public sealed record ApiEndpointsConfig
{
    public BackendGroupConfig Production { get; init; } = new();

    public BackendGroupConfig Sandbox { get; init; } = new();

    public BackendGroupConfig For(BackendEnvironment environment) =>
        environment == BackendEnvironment.Sandbox ? Sandbox : Production;
}
