using WsGate.Admission;

namespace WsGate.UnitTests.Admission;

public sealed class ApiCapStepTests
{
    [Fact]
    public async Task AdmitAsync_UnderTheCap_SlotHeldUntilTheContextGivesItBack()
    {
        var api = Admissions.Api(Admissions.Chat with { Limits = new() { MaxConnections = 2 } });
        var context = Admissions.ForApi(api);

        Assert.Null(await new ApiCapStep().AdmitAsync(context));
        Assert.Equal(1, api.ActiveConnections);

        context.Dispose();
        Assert.Equal(0, api.ActiveConnections);
    }

    [Fact]
    public async Task AdmitAsync_AtTheCap_503WithRetryAfterAndNoSlotTaken()
    {
        var api = Admissions.Api(Admissions.Chat with { Limits = new() { MaxConnections = 1 } });
        using var first = Admissions.ForApi(api);
        await new ApiCapStep().AdmitAsync(first);
        using var second = Admissions.ForApi(api);

        var rejection = await new ApiCapStep().AdmitAsync(second);

        Assert.Equal(503, rejection!.Status);
        Assert.Equal("API 'chat' is at its limit of 1 connections", rejection.Detail);
        Assert.Equal(AdmissionChain.RetryAfter, rejection.RetryAfter);
        Assert.Equal(1, api.ActiveConnections);
    }

    [Fact]
    public async Task AdmitAsync_CapSharedAcrossListeners_OneCount()
    {
        var api = Admissions.Api(Admissions.Chat with { Limits = new() { MaxConnections = 1 } });
        using var onEdge = Admissions.ForApi(api, listener: Admissions.Listener());
        using var onOther = Admissions.ForApi(api, listener: Admissions.Listener());

        Assert.Null(await new ApiCapStep().AdmitAsync(onEdge));
        Assert.Equal(503, (await new ApiCapStep().AdmitAsync(onOther))!.Status);
    }

    [Fact]
    public async Task AdmitAsync_BuiltInEndpoint_NoSlotTaken()
    {
        using var context = Admissions.ForEndpoint();

        Assert.Null(await new ApiCapStep().AdmitAsync(context));
    }
}
