namespace WsGate.Configuration.Apis;

/// <summary>The wire names of environments, as stored and shown: <c>production</c> and <c>sandbox</c>.</summary>
public static class EnvironmentNames
{
    public static string ToName(this BackendEnvironment environment) => environment == BackendEnvironment.Sandbox ? "sandbox" : "production";

    public static BackendEnvironment Parse(string name) =>
        string.Equals(name, "sandbox", StringComparison.OrdinalIgnoreCase) ? BackendEnvironment.Sandbox : BackendEnvironment.Production;
}
