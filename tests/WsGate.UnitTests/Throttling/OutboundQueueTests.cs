using System.Net.WebSockets;
using WsGate.Configuration.Throttling;
using WsGate.Connections;
using WsGate.Throttling;

namespace WsGate.UnitTests.Throttling;

public sealed class OutboundQueueTests
{
    [Fact]
    public void TryEnqueue_DropOldestWhenFull_KeepsNewest()
    {
        var queue = new OutboundQueue(new OutboundQueueConfig { MaxMessages = 2, Overflow = OverflowAction.DropOldest });

        var results = Enumerable.Range(1, 4).Select(i => queue.TryEnqueue(Message(i))).ToList();

        Assert.All(results, r => Assert.Equal(EnqueueResult.Queued, r));
        Assert.Equal(2, queue.Dropped);
        Assert.Equal([3, 4], Drain(queue));
    }

    [Fact]
    public void TryEnqueue_DropNewestWhenFull_KeepsQueued()
    {
        var queue = new OutboundQueue(new OutboundQueueConfig { MaxMessages = 2, Overflow = OverflowAction.DropNewest });

        var results = Enumerable.Range(1, 4).Select(i => queue.TryEnqueue(Message(i))).ToList();

        Assert.Equal([EnqueueResult.Queued, EnqueueResult.Queued, EnqueueResult.Dropped, EnqueueResult.Dropped], results);
        Assert.Equal(2, queue.Dropped);
        Assert.Equal([1, 2], Drain(queue));
    }

    [Theory]
    [InlineData(OverflowAction.Close1008)]
    [InlineData(OverflowAction.Close1013)]
    public void TryEnqueue_CloseActionWhenFull_ReportsOverflow(OverflowAction action)
    {
        var queue = new OutboundQueue(new OutboundQueueConfig { MaxMessages = 1, Overflow = action });
        queue.TryEnqueue(Message(1));

        Assert.Equal(EnqueueResult.Overflow, queue.TryEnqueue(Message(2)));
        Assert.Equal(0, queue.Dropped);
    }

    [Fact]
    public void TryEnqueue_ByteBoundReached_DropsOldestUntilItFits()
    {
        var queue = new OutboundQueue(new OutboundQueueConfig { MaxMessages = 100, MaxBytes = 10, Overflow = OverflowAction.DropOldest });
        queue.TryEnqueue(Message(1, size: 4));
        queue.TryEnqueue(Message(2, size: 4));

        queue.TryEnqueue(Message(3, size: 6));

        Assert.Equal(1, queue.Dropped);
        Assert.Equal(10, queue.Bytes);
        Assert.Equal([2, 3], Drain(queue));
    }

    [Fact]
    public void TryEnqueue_MessageLargerThanByteBound_DroppedEvenWithDropOldest()
    {
        var queue = new OutboundQueue(new OutboundQueueConfig { MaxBytes = 10, Overflow = OverflowAction.DropOldest });

        Assert.Equal(EnqueueResult.Dropped, queue.TryEnqueue(Message(1, size: 11)));
        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.Bytes);
    }

    [Fact]
    public void Complete_Discard_EmptiesAndCountersStayAtZero()
    {
        var queue = new OutboundQueue(new OutboundQueueConfig { MaxMessages = 5 });
        queue.TryEnqueue(Message(1));
        queue.TryEnqueue(Message(2));

        queue.Complete(discard: true);

        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.Bytes);
        Assert.False(queue.TryTake(out _));
        Assert.Equal(0, queue.Count);
        Assert.Equal(EnqueueResult.Closed, queue.TryEnqueue(Message(3)));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task TryEnqueue_ConcurrentProducersAndReader_CountsNeverNegativeAndBoundHolds()
    {
        var queue = new OutboundQueue(new OutboundQueueConfig { MaxMessages = 16, Overflow = OverflowAction.DropOldest });
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 5000; i++)
            {
                queue.TryEnqueue(Message(i));
            }
        })).ToArray();
        var taken = 0;
        var reader = Task.Run(async () =>
        {
            while (!producers.All(p => p.IsCompleted) || queue.Count > 0)
            {
                Assert.InRange(queue.Count, 0, 16);
                Assert.True(queue.Bytes >= 0);
                if (queue.TryTake(out _))
                {
                    taken++;
                }
                else
                {
                    await Task.Yield();
                }
            }
        });

        await Task.WhenAll([.. producers, reader]);

        Assert.Equal(20_000, taken + queue.Dropped);
        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.Bytes);
    }

    private static OutboundMessage Message(int n, int size = 4)
    {
        var payload = new byte[size];
        BitConverter.TryWriteBytes(payload, n);
        return new OutboundMessage(payload, WebSocketMessageType.Binary);
    }

    private static List<int> Drain(OutboundQueue queue)
    {
        var list = new List<int>();
        while (queue.TryTake(out var message))
        {
            list.Add(BitConverter.ToInt32(message.Payload.Span));
        }

        return list;
    }
}
