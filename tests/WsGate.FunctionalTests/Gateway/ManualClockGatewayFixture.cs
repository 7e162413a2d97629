using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>A shared WsGate on a manual clock; the tests that share it advance it only while their own connections are open.</summary>
public sealed class ManualClockGatewayFixture : GatewayFixture
{
    public ManualTimeProvider Clock { get; } = new();

    protected override TimeProvider? Time => Clock;
}
