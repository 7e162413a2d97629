using WsGate.Configuration.Throttling;

namespace WsGate.Throttling;

/// <summary>
/// The answer of a connection's limits for one frame: allowed, or refused by <see cref="Rule"/> with the time until its
/// tokens return. Every refusal goes through <see cref="ConnectionThrottle.HandleAsync"/>, the one place that counts,
/// logs and acts on it.
/// </summary>
public readonly record struct ThrottleDecision(ThrottleRule? Rule, ThrottleDirection Direction, TimeSpan RetryAfter)
{
    public static ThrottleDecision Allowed(ThrottleDirection direction) => new(null, direction, TimeSpan.Zero);

    public bool IsAllowed => Rule is null;
}
