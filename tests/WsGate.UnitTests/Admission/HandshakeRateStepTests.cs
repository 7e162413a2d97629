using WsGate.Admission;
using WsGate.Routing;
using WsGate.Testing;

namespace WsGate.UnitTests.Admission;

public sealed class HandshakeRateStepTests
{
    private readonly ManualTimeProvider _clock = new();

    private ApiRuntime Api(double perSecond, int burst = 0, string id = "chat") =>
        Admissions.Api(Admissions.Chat with { Id = id, Policies = new() { HandshakesPerSecond = perSecond, HandshakeBurst = burst } }, _clock);

    private static async Task<HandshakeRejection?> AdmitAsync(ApiRuntime api)
    {
        using var context = Admissions.ForApi(api);
        return await new HandshakeRateStep().AdmitAsync(context);
    }

    private static async Task<int> AdmittedOfAsync(ApiRuntime api, int attempts)
    {
        var admitted = 0;
        for (var i = 0; i < attempts; i++)
        {
            admitted += await AdmitAsync(api) is null ? 1 : 0;
        }

        return admitted;
    }

    [Fact]
    public async Task AdmitAsync_NoRate_EveryHandshakeAdmitted()
    {
        Assert.Equal(1000, await AdmittedOfAsync(Api(perSecond: 0), 1000));
    }

    [Fact]
    public async Task AdmitAsync_RateUsedUp_429WithRetryAfterUntilATokenReturns()
    {
        var api = Api(perSecond: 2);
        Assert.Equal(2, await AdmittedOfAsync(api, 2));

        var rejection = await AdmitAsync(api);

        Assert.Equal(429, rejection!.Status);
        Assert.Equal("Too many handshakes", rejection.Title);
        Assert.Equal("API 'chat' accepts 2 handshakes per second", rejection.Detail);
        Assert.Equal(TimeSpan.FromMilliseconds(500), rejection.RetryAfter);
        _clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.NotNull(await AdmitAsync(api));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await AdmitAsync(api));
    }

    [Fact]
    public async Task AdmitAsync_ExplicitBurst_ThatManyAtOnceThenTheRate()
    {
        var api = Api(perSecond: 1, burst: 5);

        Assert.Equal(5, await AdmittedOfAsync(api, 10));
        Assert.Equal(TimeSpan.FromSeconds(1), (await AdmitAsync(api))!.RetryAfter);
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(3, await AdmittedOfAsync(api, 10));
    }

    [Fact]
    public async Task AdmitAsync_FractionalRate_BurstIsTheRateRoundedUp()
    {
        var api = Api(perSecond: 0.5);

        Assert.Equal(1, await AdmittedOfAsync(api, 5));
        var rejection = await AdmitAsync(api);
        Assert.Equal(TimeSpan.FromSeconds(2), rejection!.RetryAfter);
        Assert.Equal("API 'chat' accepts 0.5 handshakes per second", rejection.Detail);
    }

    [Fact]
    public async Task AdmitAsync_LongIdle_NoMoreThanTheBurstSaved()
    {
        var api = Api(perSecond: 2, burst: 3);

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(3, await AdmittedOfAsync(api, 10));
    }

    [Fact]
    public async Task AdmitAsync_OneApiUsedUp_OtherApiStillAdmits()
    {
        var chat = Api(perSecond: 1, id: "chat");
        var quotes = Api(perSecond: 1, id: "quotes");
        Assert.Equal(1, await AdmittedOfAsync(chat, 3));

        Assert.Null(await AdmitAsync(quotes));
    }

    [Fact]
    public async Task AdmitAsync_BuiltInEndpoint_NotLimited()
    {
        using var context = Admissions.ForEndpoint();

        Assert.Null(await new HandshakeRateStep().AdmitAsync(context));
    }
}
