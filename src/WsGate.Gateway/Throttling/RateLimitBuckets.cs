using WsGate.Configuration.Throttling;

namespace WsGate.Throttling;

/// <summary>
/// The token buckets of one rate limit for one key (a subscription, an API, a listener, a client IP): messages refill at
/// <c>messagesPerWindow / window</c> up to the burst, bytes at <c>bytesPerWindow / window</c> up to a window's worth.
/// </summary>
public sealed class RateLimitBuckets
{
    public RateLimitBuckets(RateLimitConfig config, TimeProvider time)
    {
        var seconds = config.WindowMs / 1000.0;
        if (config.MessagesPerWindow > 0)
        {
            Messages = new TokenBucket(config.MessagesPerWindow / seconds, config.Burst > 0 ? config.Burst : config.MessagesPerWindow, time);
        }

        if (config.BytesPerWindow > 0)
        {
            Bytes = new TokenBucket(config.BytesPerWindow / seconds, config.BytesPerWindow, time);
        }
    }

    public TokenBucket? Messages { get; }

    public TokenBucket? Bytes { get; }

    public bool IsFull => (Messages?.IsFull ?? true) && (Bytes?.IsFull ?? true);

    /// <summary>Takes one message (when a message starts) and its bytes, or nothing; says how long until both would be there.</summary>
    public bool TryTake(bool startsMessage, long bytes, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var tookMessage = false;
        if (startsMessage && Messages is { } messages)
        {
            if (!messages.TryTake(1, out retryAfter))
            {
                return false;
            }

            tookMessage = true;
        }

        if (bytes > 0 && Bytes is { } byteBucket && !byteBucket.TryTake(bytes, out retryAfter))
        {
            if (tookMessage)
            {
                Messages!.Refund(1);
            }

            return false;
        }

        return true;
    }

    public void Refund(bool startsMessage, long bytes)
    {
        if (startsMessage)
        {
            Messages?.Refund(1);
        }

        if (bytes > 0)
        {
            Bytes?.Refund(bytes);
        }
    }
}
