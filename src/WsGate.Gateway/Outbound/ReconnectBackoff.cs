using WsGate.Configuration.Outbound;

namespace WsGate.Outbound;

/// <summary>Exponential backoff with a ceiling and jitter for an outbound client's reconnect attempts.</summary>
public static class ReconnectBackoff
{
    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> (1 is the first retry): the interval doubled per attempt up to the
    /// ceiling, then shortened by a random part of up to the jitter percentage (<paramref name="random"/> in [0, 1)).
    /// </summary>
    public static TimeSpan Delay(ReconnectConfig config, int attempt, double random)
    {
        var exponent = Math.Min(Math.Max(attempt, 1) - 1, 30);
        var seconds = Math.Min(config.IntervalSeconds * Math.Pow(2, exponent), config.MaxIntervalSeconds);
        var jitter = seconds * config.JitterPercent / 100.0 * random;
        return TimeSpan.FromSeconds(Math.Max(seconds - jitter, 0.001));
    }
}
