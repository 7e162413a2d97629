namespace WsGate.ConformanceTests;

/// <summary>The case table through a stream-mode API (bytes are copied; the backend's WebSocket answers the client).</summary>
public sealed class GatewayStreamConformanceTests(GatewayServerFixture fixture)
    : GatewayConformanceTests(fixture, GatewayTarget.Stream), IClassFixture<GatewayServerFixture>
{
    public static TheoryData<string> Cases => RowsFor(GatewayTarget.Stream);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Stream(string row) => RunAsync(row);
}
