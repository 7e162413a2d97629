using WsGate.Configuration.Identity;
using WsGate.Identity;
using WsGate.Testing;

namespace WsGate.UnitTests.Identity;

public sealed class LoginThrottleTests
{
    private static readonly LockoutConfig Config = new() { MaxFailures = 3, WindowSeconds = 60, LockoutSeconds = 30, FailureDelayMs = 100 };
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Fail_UpToMaxFailures_LocksForLockoutSeconds()
    {
        var throttle = new LoginThrottle(_time);
        throttle.Fail(Config, "user:ann");
        throttle.Fail(Config, "user:ann");
        var beforeLimit = throttle.LockedFor(Config, "user:ann");

        throttle.Fail(Config, "user:ann");

        Assert.Null(beforeLimit);
        Assert.Equal(TimeSpan.FromSeconds(30), throttle.LockedFor(Config, "user:ann"));
        Assert.Null(throttle.LockedFor(Config, "user:other"));
    }

    [Fact]
    public void LockedFor_AfterLockoutSeconds_Unlocked()
    {
        var throttle = new LoginThrottle(_time);
        for (var i = 0; i < 3; i++)
        {
            throttle.Fail(Config, "ip:10.0.0.1");
        }

        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Null(throttle.LockedFor(Config, "ip:10.0.0.1"));
    }

    [Fact]
    public void Fail_OutsideWindow_StartsCountingAgain()
    {
        var throttle = new LoginThrottle(_time);
        throttle.Fail(Config, "user:ann");
        throttle.Fail(Config, "user:ann");
        _time.Advance(TimeSpan.FromSeconds(61));

        throttle.Fail(Config, "user:ann");

        Assert.Null(throttle.LockedFor(Config, "user:ann"));
    }

    [Fact]
    public void Fail_EachFailure_AddsDelayCappedAtTwoSeconds()
    {
        var throttle = new LoginThrottle(_time);
        var config = Config with { MaxFailures = 0, FailureDelayMs = 900 };

        var first = throttle.Fail(config, "user:ann");
        var second = throttle.Fail(config, "user:ann");
        var third = throttle.Fail(config, "user:ann");

        Assert.Equal([900, 1800, 2000], new[] { first, second, third }.Select(d => (int)d.TotalMilliseconds));
        Assert.Null(throttle.LockedFor(config, "user:ann"));
    }

    [Fact]
    public void Succeed_ClearsFailures()
    {
        var throttle = new LoginThrottle(_time);
        throttle.Fail(Config, "user:ann");
        throttle.Fail(Config, "user:ann");

        throttle.Succeed("user:ann");
        throttle.Fail(Config, "user:ann");

        Assert.Null(throttle.LockedFor(Config, "user:ann"));
    }
}
