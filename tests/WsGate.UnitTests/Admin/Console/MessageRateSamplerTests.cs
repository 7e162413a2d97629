using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Admin.Console;
using WsGate.Connections;
using WsGate.Testing;

namespace WsGate.UnitTests.Admin.Console;

public sealed class MessageRateSamplerTests
{
    [Fact]
    public void Sample_NoConnections_ZeroRates()
    {
        var time = new ManualTimeProvider();
        using var sampler = new MessageRateSampler(new ConnectionRegistry(NullLogger<ConnectionRegistry>.Instance), time);

        sampler.Sample();
        time.Advance(TimeSpan.FromSeconds(1));
        var sample = sampler.Sample();

        Assert.Equal(0, sample.InPerSecond);
        Assert.Equal(0, sample.Connections);
        Assert.Equal(2, sampler.Samples.Count);
    }

    [Fact]
    public void Sample_MoreThanCapacity_KeepsTheLatestFiveMinutes()
    {
        var time = new ManualTimeProvider();
        using var sampler = new MessageRateSampler(new ConnectionRegistry(NullLogger<ConnectionRegistry>.Instance), time);

        for (var i = 0; i < MessageRateSampler.Capacity + 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            sampler.Sample();
        }

        Assert.Equal(MessageRateSampler.Capacity, sampler.Samples.Count);
        Assert.Equal(time.GetUtcNow(), sampler.Samples[^1].At);
    }
}
