using WsGate.Configuration;
using WsGate.Listeners;

namespace WsGate.UnitTests.Listeners;

public sealed class WorkerSchedulerTests
{
    private static WorkersConfig Limits(int maxConcurrent, int queueLimit = 0, int priority = WorkersConfig.DefaultPriority) =>
        new() { MaxConcurrent = maxConcurrent, QueueLimit = queueLimit, Priority = priority };

    [Fact]
    public async Task EnterAsync_UnderBothCaps_GrantedAtOnceAndCounted()
    {
        var scheduler = new WorkerScheduler(machineSlots: 4);
        var pool = scheduler.CreatePool("edge", Limits(2), new ListenerCounters());

        var entered = pool.EnterAsync(refuseWhenQueueFull: true, CancellationToken.None);

        Assert.True(entered.IsCompletedSuccessfully);
        Assert.True(await entered);
        Assert.Equal(1, pool.InUse);
        Assert.Equal(1, scheduler.InUse);
        pool.Exit();
        Assert.Equal(0, pool.InUse);
        Assert.Equal(0, scheduler.InUse);
    }

    [Fact]
    public async Task EnterAsync_AtTheListenerCap_WaitsUntilASlotIsGivenBack()
    {
        var scheduler = new WorkerScheduler(machineSlots: 8);
        var pool = scheduler.CreatePool("edge", Limits(1, queueLimit: 5), new ListenerCounters());
        Assert.True(await pool.EnterAsync(true, CancellationToken.None));

        var second = pool.EnterAsync(true, CancellationToken.None).AsTask();

        Assert.False(second.IsCompleted);
        Assert.Equal(1, pool.Queued);
        Assert.Equal(1, pool.InUse);
        pool.Exit();
        Assert.True(await second);
        Assert.Equal(0, pool.Queued);
        Assert.Equal(1, pool.InUse);
    }

    [Fact]
    public async Task EnterAsync_QueueFull_HandshakeRefusedButMessageStillWaits()
    {
        var scheduler = new WorkerScheduler(machineSlots: 8);
        var pool = scheduler.CreatePool("edge", Limits(1, queueLimit: 1), new ListenerCounters());
        Assert.True(await pool.EnterAsync(true, CancellationToken.None));
        var queued = pool.EnterAsync(true, CancellationToken.None).AsTask();

        var refused = await pool.EnterAsync(refuseWhenQueueFull: true, CancellationToken.None);
        var message = pool.EnterAsync(refuseWhenQueueFull: false, CancellationToken.None).AsTask();

        Assert.False(refused);
        Assert.False(message.IsCompleted);
        Assert.Equal(2, pool.Queued);
        pool.Exit();
        Assert.True(await queued);
        pool.Exit();
        Assert.True(await message);
    }

    [Fact]
    public async Task EnterAsync_QueueLimitZero_SecondRefusedAtOnce()
    {
        var scheduler = new WorkerScheduler(machineSlots: 8);
        var pool = scheduler.CreatePool("edge", Limits(1), new ListenerCounters());
        Assert.True(await pool.EnterAsync(true, CancellationToken.None));

        var second = pool.EnterAsync(true, CancellationToken.None);

        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(await second);
        Assert.Equal(0, pool.Queued);
    }

    [Fact]
    public async Task Exit_MachineFull_HigherPriorityListenerGrantedFirst()
    {
        var scheduler = new WorkerScheduler(machineSlots: 1);
        var low = scheduler.CreatePool("low", Limits(10, queueLimit: 10, priority: 1), new ListenerCounters());
        var high = scheduler.CreatePool("high", Limits(10, queueLimit: 10, priority: 9), new ListenerCounters());
        Assert.True(await low.EnterAsync(true, CancellationToken.None));
        var lowWaiting = low.EnterAsync(true, CancellationToken.None).AsTask();
        var highWaiting = high.EnterAsync(true, CancellationToken.None).AsTask();

        low.Exit();

        Assert.True(await highWaiting);
        Assert.False(lowWaiting.IsCompleted);
        high.Exit();
        Assert.True(await lowWaiting);
        Assert.Equal(1, low.InUse);
        Assert.Equal(0, high.InUse);
    }

    [Fact]
    public async Task Exit_SamePriority_LongestWaitingGoesFirst()
    {
        var scheduler = new WorkerScheduler(machineSlots: 1);
        var a = scheduler.CreatePool("a", Limits(10, queueLimit: 10), new ListenerCounters());
        var b = scheduler.CreatePool("b", Limits(10, queueLimit: 10), new ListenerCounters());
        Assert.True(await a.EnterAsync(true, CancellationToken.None));
        var bFirst = b.EnterAsync(true, CancellationToken.None).AsTask();
        var aSecond = a.EnterAsync(true, CancellationToken.None).AsTask();

        a.Exit();

        Assert.True(await bFirst);
        Assert.False(aSecond.IsCompleted);
        b.Exit();
        Assert.True(await aSecond);
    }

    [Fact]
    public async Task Exit_HighPriorityAtItsOwnCap_FreeSlotGoesToTheLowerOne()
    {
        var scheduler = new WorkerScheduler(machineSlots: 2);
        var high = scheduler.CreatePool("high", Limits(1, queueLimit: 10, priority: 10), new ListenerCounters());
        var low = scheduler.CreatePool("low", Limits(5, queueLimit: 10, priority: 1), new ListenerCounters());
        Assert.True(await high.EnterAsync(true, CancellationToken.None));
        Assert.True(await low.EnterAsync(true, CancellationToken.None));
        var highWaiting = high.EnterAsync(true, CancellationToken.None).AsTask();
        var lowWaiting = low.EnterAsync(true, CancellationToken.None).AsTask();

        low.Exit();

        // The high listener waits for its own cap, not for the machine: its priority does not hold the slot back.
        Assert.True(await lowWaiting);
        Assert.False(highWaiting.IsCompleted);
        high.Exit();
        Assert.True(await highWaiting);
    }

    [Fact]
    public async Task EnterAsync_NewWorkBehindQueuedWork_QueuesInsteadOfOvertaking()
    {
        var scheduler = new WorkerScheduler(machineSlots: 1);
        var pool = scheduler.CreatePool("edge", Limits(1, queueLimit: 10), new ListenerCounters());
        Assert.True(await pool.EnterAsync(true, CancellationToken.None));
        var first = pool.EnterAsync(true, CancellationToken.None).AsTask();

        pool.Exit();
        var second = pool.EnterAsync(true, CancellationToken.None).AsTask();

        Assert.True(await first);
        Assert.False(second.IsCompleted);
        pool.Exit();
        Assert.True(await second);
    }

    [Fact]
    public async Task EnterAsync_Cancelled_LeavesTheQueueAndThrows()
    {
        var scheduler = new WorkerScheduler(machineSlots: 4);
        var pool = scheduler.CreatePool("edge", Limits(1, queueLimit: 2), new ListenerCounters());
        Assert.True(await pool.EnterAsync(true, CancellationToken.None));
        using var cancel = new CancellationTokenSource();
        var waiting = pool.EnterAsync(true, cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, pool.Queued);
        pool.Exit();
        Assert.Equal(0, pool.InUse);
        Assert.Equal(0, scheduler.InUse);
    }

    [Fact]
    public async Task Configure_CapRaised_WaitingWorkStartsWithoutAnExit()
    {
        var scheduler = new WorkerScheduler(machineSlots: 8);
        var pool = scheduler.CreatePool("edge", Limits(1, queueLimit: 5), new ListenerCounters());
        Assert.True(await pool.EnterAsync(true, CancellationToken.None));
        var waiting = pool.EnterAsync(true, CancellationToken.None).AsTask();

        pool.Configure(Limits(2, queueLimit: 5));

        Assert.True(await waiting);
        Assert.Equal(2, pool.InUse);
    }

    [Fact]
    public async Task Configure_CapLowered_RunningWorkFinishesAndNewWorkWaitsForTheNewCap()
    {
        var scheduler = new WorkerScheduler(machineSlots: 8);
        var pool = scheduler.CreatePool("edge", Limits(2, queueLimit: 5), new ListenerCounters());
        Assert.True(await pool.EnterAsync(true, CancellationToken.None));
        Assert.True(await pool.EnterAsync(true, CancellationToken.None));

        pool.Configure(Limits(1, queueLimit: 5));
        var waiting = pool.EnterAsync(true, CancellationToken.None).AsTask();
        pool.Exit();

        Assert.False(waiting.IsCompleted);
        pool.Exit();
        Assert.True(await waiting);
        Assert.Equal(1, pool.InUse);
    }

    [Fact]
    public async Task Detach_WaitingWork_StartsAndLaterWorkIsUnlimited()
    {
        var scheduler = new WorkerScheduler(machineSlots: 1);
        var pool = scheduler.CreatePool("edge", Limits(1, queueLimit: 5), new ListenerCounters());
        Assert.True(await pool.EnterAsync(true, CancellationToken.None));
        var waiting = pool.EnterAsync(true, CancellationToken.None).AsTask();

        pool.Detach();

        Assert.True(await waiting);
        Assert.True(await pool.EnterAsync(true, CancellationToken.None));
        Assert.Empty(scheduler.Pools);
        pool.Exit();
        pool.Exit();
        pool.Exit();
        Assert.Equal(0, scheduler.InUse);
    }

    [Fact]
    public void CreatePool_Unlimited_Throws()
    {
        var scheduler = new WorkerScheduler(machineSlots: 1);

        Assert.Throws<ArgumentException>(() => scheduler.CreatePool("edge", new WorkersConfig(), new ListenerCounters()));
    }
}
