using System.Threading.Channels;
using WsGate.Configuration.Throttling;
using WsGate.Connections;

namespace WsGate.Throttling;

/// <summary>
/// A connection's queue of messages waiting to be written, bounded by messages and bytes. Offering a message never waits
/// (a broadcast never waits on its slowest subscriber): a full queue drops the oldest or the newest message, or reports an
/// overflow for the session to close the connection. Producers decide under one lock; the single writer reads lock-free.
/// </summary>
public sealed class OutboundQueue(OutboundQueueConfig config)
{
    private readonly object _gate = new();

    // Created with the first message: most connections never queue one, and the channel with its waiter objects is about
    // half a kilobyte (measured per idle relayed connection).
    private Channel<OutboundMessage>? _channel;
    private bool _completed;
    private int _count;
    private long _bytes;
    private long _dropped;

    public OutboundQueueConfig Config { get; } = config;

    public int Count => Volatile.Read(ref _count);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Messages dropped because the client could not keep up.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public EnqueueResult TryEnqueue(OutboundMessage message)
    {
        var length = message.Payload.Length;
        lock (_gate)
        {
            while (IsFullFor(length))
            {
                switch (Config.Overflow)
                {
                    case OverflowAction.DropOldest when TryTake(out _):
                        Interlocked.Increment(ref _dropped);
                        continue;
                    case OverflowAction.Close1008 or OverflowAction.Close1013:
                        return EnqueueResult.Overflow;
                    default:
                        // dropNewest, or a message that alone exceeds the byte bound once the queue is empty.
                        Interlocked.Increment(ref _dropped);
                        return EnqueueResult.Dropped;
                }
            }

            // Counted before it is visible to the writer, so the writer's decrement never takes a count below zero.
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _bytes, length);
            if (!GetChannel().Writer.TryWrite(message))
            {
                Interlocked.Decrement(ref _count);
                Interlocked.Add(ref _bytes, -length);
                return EnqueueResult.Closed;
            }

            return EnqueueResult.Queued;
        }
    }

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => GetChannel().Reader.WaitToReadAsync(cancellationToken);

    public bool TryTake(out OutboundMessage message)
    {
        var channel = Volatile.Read(ref _channel);
        if (channel is null || !channel.Reader.TryRead(out message))
        {
            message = default;
            return false;
        }

        Interlocked.Decrement(ref _count);
        Interlocked.Add(ref _bytes, -message.Payload.Length);
        return true;
    }

    /// <summary>No more messages are taken; with <paramref name="discard"/>, what is queued is dropped too.</summary>
    public void Complete(bool discard = false)
    {
        lock (_gate)
        {
            _completed = true;
            Volatile.Read(ref _channel)?.Writer.TryComplete();
            if (discard)
            {
                while (TryTake(out _))
                {
                }
            }
        }
    }

    private Channel<OutboundMessage> GetChannel()
    {
        if (Volatile.Read(ref _channel) is { } channel)
        {
            return channel;
        }

        lock (_gate)
        {
            if (_channel is null)
            {
                // Bounded only nominally: TryEnqueue enforces the real bounds. A bounded channel grows its buffer on first
                // write, where an unbounded one allocates a 32-slot segment up front.
                var created = Channel.CreateBounded<OutboundMessage>(new BoundedChannelOptions(int.MaxValue)
                {
                    // Producers read too: dropping the oldest message takes it from the head.
                    SingleReader = false,
                    SingleWriter = false,
                });
                if (_completed)
                {
                    created.Writer.TryComplete();
                }

                Volatile.Write(ref _channel, created);
            }

            return _channel;
        }
    }

    private bool IsFullFor(int length) =>
        Volatile.Read(ref _count) >= Config.MaxMessages
        || (Config.MaxBytes > 0 && Interlocked.Read(ref _bytes) + length > Config.MaxBytes);
}
