using WsGate.Configuration.Throttling;

namespace WsGate.Throttling;

/// <summary>
/// The token buckets of one rate limit for one key (a subscription, an API, a listener, a client IP): messages refill at
/// <c>messagesPerWindow / window</c> up to the burst, bytes at <c>bytesPerWindow / window</c> up to a window's worth.
/// </summary>
public sealed class RateLimitBuckets
{
    /// <summary>A frame is read in pieces of up to 16 KiB: a byte bucket smaller than that could never admit one.</summary>
    private const double FramePiece = 16 * 1024;

    private readonly TimeProvider _time;
    private long _lastUsed;
    private long _admitted;

    public RateLimitBuckets(RateLimitConfig config, TimeProvider time)
    {
        _time = time;
        _lastUsed = time.GetTimestamp();
        var seconds = config.WindowMs / 1000.0;
        if (config.MessagesPerWindow > 0)
        {
            Messages = new TokenBucket(config.MessagesPerWindow / seconds, config.Burst > 0 ? config.Burst : config.MessagesPerWindow, time);
        }

        if (config.BytesPerWindow > 0)
        {
            Bytes = new TokenBucket(config.BytesPerWindow / seconds, config.BytesPerWindow, time, FramePiece);
        }
    }

    /// <summary>This node's share of the limit (1 unless the limit is shared with other nodes of a cluster).</summary>
    public double Share { get; private set; } = 1;

    /// <summary>When a frame last asked these buckets for tokens (admitted or not): the node draws on the limit.</summary>
    public TimeSpan SinceLastUse => _time.GetElapsedTime(Volatile.Read(ref _lastUsed));

    /// <summary>Splits the limit: this node gets <paramref name="share"/> of its rate and allowance (see <see cref="TokenBucket.SetShare"/>).</summary>
    public void SetShare(double share)
    {
        if (share == Share)
        {
            return;
        }

        Share = share;
        Messages?.SetShare(share);
        Bytes?.SetShare(share);
    }

    /// <summary>Frames admitted since the last call (what the node reports it used).</summary>
    public long TakeAdmitted() => Interlocked.Exchange(ref _admitted, 0);

    public TokenBucket? Messages { get; }

    public TokenBucket? Bytes { get; }

    public bool IsFull => (Messages?.IsFull ?? true) && (Bytes?.IsFull ?? true);

    /// <summary>
    /// Takes one message (when a message starts) and its bytes, or nothing; says how long until both would be there.
    /// <paramref name="now"/> is the frame's timestamp from this buckets' clock, read once by the caller for all its limits.
    /// </summary>
    public bool TryTake(bool startsMessage, long bytes, long now, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        Volatile.Write(ref _lastUsed, now);
        var tookMessage = false;
        if (startsMessage && Messages is { } messages)
        {
            if (!messages.TryTake(1, now, out retryAfter))
            {
                return false;
            }

            tookMessage = true;
        }

        if (bytes > 0 && Bytes is { } byteBucket && !byteBucket.TryTake(bytes, now, out retryAfter))
        {
            if (tookMessage)
            {
                Messages!.Refund(1);
            }

            return false;
        }

        Interlocked.Increment(ref _admitted);
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
