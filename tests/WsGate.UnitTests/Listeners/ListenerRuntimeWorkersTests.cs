using WsGate.Configuration;
using WsGate.Listeners;

namespace WsGate.UnitTests.Listeners;

public sealed class ListenerRuntimeWorkersTests
{
    private static ListenerConfig Listener(int maxConcurrent, int queueLimit = 0, int priority = WorkersConfig.DefaultPriority) => new()
    {
        Id = "edge",
        Bindings = ["127.0.0.1:0"],
        Workers = new WorkersConfig { MaxConcurrent = maxConcurrent, QueueLimit = queueLimit, Priority = priority },
    };

    [Fact]
    public void Constructor_NoWorkerLimits_NoPool()
    {
        var scheduler = new WorkerScheduler(machineSlots: 4);

        var runtime = new ListenerRuntime(Listener(0), scheduler);

        Assert.Null(runtime.Workers);
        Assert.Empty(scheduler.Pools);
    }

    [Fact]
    public void Update_LimitsChanged_SamePoolWithNewLimits()
    {
        var scheduler = new WorkerScheduler(machineSlots: 4);
        var runtime = new ListenerRuntime(Listener(2), scheduler);
        var pool = runtime.Workers;

        runtime.Update(Listener(3, queueLimit: 7, priority: 8));

        Assert.Same(pool, runtime.Workers);
        Assert.Equal(3, runtime.Workers!.Limits.MaxConcurrent);
        Assert.Equal(7, runtime.Workers.Limits.QueueLimit);
        Assert.Equal(8, runtime.Workers.Limits.Priority);
    }

    [Fact]
    public async Task Update_LimitsRemoved_PoolGoneAndItsWaitingWorkLetGo()
    {
        var scheduler = new WorkerScheduler(machineSlots: 4);
        var runtime = new ListenerRuntime(Listener(1, queueLimit: 1), scheduler);
        var pool = runtime.Workers!;
        Assert.True(await pool.EnterAsync(true, CancellationToken.None));
        var waiting = pool.EnterAsync(true, CancellationToken.None).AsTask();

        runtime.Update(Listener(0));

        Assert.Null(runtime.Workers);
        Assert.True(await waiting);
        Assert.Empty(scheduler.Pools);
    }

    [Fact]
    public void Retire_WithLimits_PoolLeavesTheScheduler()
    {
        var scheduler = new WorkerScheduler(machineSlots: 4);
        var runtime = new ListenerRuntime(Listener(2), scheduler);

        runtime.Retire();

        Assert.Null(runtime.Workers);
        Assert.Empty(scheduler.Pools);
    }
}
