namespace WsGate.Configuration.Apis;

public enum BackendEnvironment
{
    Production,
    Sandbox,
}
