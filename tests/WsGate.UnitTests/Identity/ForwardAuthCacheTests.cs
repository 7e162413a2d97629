using WsGate.Identity;
using WsGate.Testing;

namespace WsGate.UnitTests.Identity;

/// <summary>The forward mode's answer cache on a manual clock: lifetimes and the size bound.</summary>
public sealed class ForwardAuthCacheTests
{
    private static readonly AuthResult Admitted = AuthResult.Success(ConnectionPrincipal.Anonymous);
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void TryGet_WithinLifetime_ReturnsTheAnswerThenNotAfter()
    {
        var cache = new ForwardAuthCache(_time);
        cache.Add("a", Admitted, TimeSpan.FromSeconds(10), 10);

        var hit = cache.TryGet("a", out var result);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(hit);
        Assert.Equal(Admitted, result);
        Assert.False(cache.TryGet("a", out _));
    }

    [Fact]
    public void Add_Full_KeepsAtMostCapacityDroppingExpiredThenSoonestExpiring()
    {
        var cache = new ForwardAuthCache(_time);
        cache.Add("expired", Admitted, TimeSpan.FromSeconds(1), 3);
        cache.Add("soon", Admitted, TimeSpan.FromSeconds(20), 3);
        cache.Add("late", Admitted, TimeSpan.FromSeconds(60), 3);
        _time.Advance(TimeSpan.FromSeconds(2));

        cache.Add("new1", Admitted, TimeSpan.FromSeconds(60), 3);
        cache.Add("new2", Admitted, TimeSpan.FromSeconds(60), 3);

        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet("soon", out _));
        Assert.True(cache.TryGet("late", out _));
        Assert.True(cache.TryGet("new1", out _));
        Assert.True(cache.TryGet("new2", out _));
    }

    [Fact]
    public void Add_ZeroLifetime_KeepsNothing()
    {
        var cache = new ForwardAuthCache(_time);

        cache.Add("a", Admitted, TimeSpan.Zero, 10);

        Assert.Equal(0, cache.Count);
    }
}
