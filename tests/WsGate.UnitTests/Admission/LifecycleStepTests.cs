using WsGate.Admission;
using WsGate.Configuration.Apis;

namespace WsGate.UnitTests.Admission;

public sealed class LifecycleStepTests
{
    [Fact]
    public async Task AdmitAsync_Published_Admitted()
    {
        using var context = Admissions.ForApi(Admissions.Api());

        Assert.Null(await new LifecycleStep().AdmitAsync(context));
    }

    [Theory]
    [InlineData(ApiLifecycle.Created, "created")]
    [InlineData(ApiLifecycle.Deprecated, "deprecated")]
    [InlineData(ApiLifecycle.Retired, "retired")]
    public async Task AdmitAsync_NotPublished_404SayingWhy(ApiLifecycle lifecycle, string word)
    {
        using var context = Admissions.ForApi(Admissions.Api(Admissions.Chat with { Lifecycle = lifecycle }));

        var rejection = await new LifecycleStep().AdmitAsync(context);

        Assert.Equal(404, rejection!.Status);
        Assert.Equal($"API 'chat' (/chat/v1) is {word} and accepts no new connections", rejection.Detail);
    }

    [Fact]
    public async Task AdmitAsync_BuiltInEndpoint_Admitted()
    {
        using var context = Admissions.ForEndpoint();

        Assert.Null(await new LifecycleStep().AdmitAsync(context));
    }
}
