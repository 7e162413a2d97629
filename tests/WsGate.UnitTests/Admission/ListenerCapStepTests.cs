using WsGate.Admission;

namespace WsGate.UnitTests.Admission;

public sealed class ListenerCapStepTests
{
    [Fact]
    public async Task AdmitAsync_UnderTheCap_SlotHeldUntilTheContextGivesItBack()
    {
        var listener = Admissions.Listener(maxConnections: 2);
        var context = Admissions.ForEndpoint(listener: listener);

        Assert.Null(await new ListenerCapStep().AdmitAsync(context));
        Assert.Equal(1, listener.ActiveConnections);

        context.Dispose();
        Assert.Equal(0, listener.ActiveConnections);
    }

    [Fact]
    public async Task AdmitAsync_AtTheCap_503WithRetryAfterAndNoSlotTaken()
    {
        var listener = Admissions.Listener(maxConnections: 1);
        using var first = Admissions.ForEndpoint(listener: listener);
        await new ListenerCapStep().AdmitAsync(first);
        using var second = Admissions.ForEndpoint(listener: listener);

        var rejection = await new ListenerCapStep().AdmitAsync(second);

        Assert.Equal(503, rejection!.Status);
        Assert.Equal("listener 'edge' is at its limit of 1 connections", rejection.Detail);
        Assert.Equal(AdmissionChain.RetryAfter, rejection.RetryAfter);
        Assert.Equal(1, listener.ActiveConnections);
        Assert.Equal(1, listener.Counters.RejectedOverCapacity);
    }

    [Fact]
    public async Task AdmitAsync_SlotGivenBack_NextHandshakeAdmitted()
    {
        var listener = Admissions.Listener(maxConnections: 1);
        using (var first = Admissions.ForEndpoint(listener: listener))
        {
            Assert.Null(await new ListenerCapStep().AdmitAsync(first));
        }

        using var second = Admissions.ForEndpoint(listener: listener);

        Assert.Null(await new ListenerCapStep().AdmitAsync(second));
    }

    [Fact]
    public async Task AdmitAsync_NoCap_Unlimited()
    {
        var listener = Admissions.Listener(maxConnections: 0);
        var contexts = Enumerable.Range(0, 100).Select(_ => Admissions.ForEndpoint(listener: listener)).ToList();

        foreach (var context in contexts)
        {
            Assert.Null(await new ListenerCapStep().AdmitAsync(context));
        }

        Assert.Equal(100, listener.ActiveConnections);
        contexts.ForEach(c => c.Dispose());
        Assert.Equal(0, listener.ActiveConnections);
    }
}
