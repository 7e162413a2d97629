using WsGate.Admission;

namespace WsGate.UnitTests.Admission;

public sealed class TargetStepTests
{
    [Fact]
    public async Task AdmitAsync_NeitherEndpointNorApi_404NamingListenerAndPath()
    {
        using var context = Admissions.ForNothing("/nowhere");

        var rejection = await new TargetStep().AdmitAsync(context);

        Assert.Equal(404, rejection!.Status);
        Assert.Equal("listener 'edge' has no WebSocket endpoint or API at /nowhere", rejection.Detail);
    }

    [Fact]
    public async Task AdmitAsync_ApiRoute_Admitted()
    {
        using var context = Admissions.ForApi(Admissions.Api());

        Assert.Null(await new TargetStep().AdmitAsync(context));
    }

    [Fact]
    public async Task AdmitAsync_BuiltInEndpoint_Admitted()
    {
        using var context = Admissions.ForEndpoint();

        Assert.Null(await new TargetStep().AdmitAsync(context));
    }
}
