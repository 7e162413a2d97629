using WsGate.Configuration;

namespace WsGate.Management;

/// <summary>A part of the engine that brings its runtime state in line with a new configuration snapshot.</summary>
public interface IConfigApplier
{
    Task ApplyAsync(GatewayConfig config, CancellationToken cancellationToken);
}
