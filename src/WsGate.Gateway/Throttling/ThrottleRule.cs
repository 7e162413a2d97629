using WsGate.Configuration.Throttling;

namespace WsGate.Throttling;

/// <summary>One rate limit as it applies to a connection: what it is (for errors and logs), its settings and its shared buckets.</summary>
public sealed record ThrottleRule(string Scope, RateLimitConfig Config, RateLimitBuckets Buckets)
{
    /// <summary>The limit in words, for error frames and logs: "API 'chat_v1' allows 100 messages per 60000 ms".</summary>
    public string Describe()
    {
        var parts = new List<string>(2);
        if (Config.MessagesPerWindow > 0)
        {
            parts.Add($"{Config.MessagesPerWindow} messages");
        }

        if (Config.BytesPerWindow > 0)
        {
            parts.Add($"{Config.BytesPerWindow} bytes");
        }

        return $"{Scope} allows {string.Join(" and ", parts)} per {Config.WindowMs} ms";
    }
}
