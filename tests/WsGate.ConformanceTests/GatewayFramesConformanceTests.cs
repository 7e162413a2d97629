namespace WsGate.ConformanceTests;

/// <summary>The case table through a frames-mode API (WsGate terminates the client's WebSocket and relays frames).</summary>
public sealed class GatewayFramesConformanceTests(GatewayServerFixture fixture)
    : GatewayConformanceTests(fixture, GatewayTarget.Frames), IClassFixture<GatewayServerFixture>
{
    public static TheoryData<string> Cases => RowsFor(GatewayTarget.Frames);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Frames(string row) => RunAsync(row);
}
