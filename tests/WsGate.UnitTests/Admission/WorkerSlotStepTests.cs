using WsGate.Admission;
using WsGate.Configuration;
using WsGate.Listeners;

namespace WsGate.UnitTests.Admission;

public sealed class WorkerSlotStepTests
{
    private static ListenerRuntime Listener(WorkerScheduler scheduler, int maxConcurrent, int queueLimit = 0) => new(
        new ListenerConfig { Id = "edge", Bindings = ["127.0.0.1:0"], Workers = new WorkersConfig { MaxConcurrent = maxConcurrent, QueueLimit = queueLimit } },
        scheduler);

    [Fact]
    public async Task AdmitAsync_ListenerWithoutLimits_PassesAndTakesNothing()
    {
        using var context = Admissions.ForEndpoint();

        Assert.Null(await new WorkerSlotStep().AdmitAsync(context));
        Assert.Null(context.Listener.Workers);
    }

    [Fact]
    public async Task AdmitAsync_FreeSlot_HeldUntilAdmissionEnds()
    {
        var scheduler = new WorkerScheduler(machineSlots: 4);
        var listener = Listener(scheduler, maxConcurrent: 1);
        using var context = Admissions.ForEndpoint(listener: listener);

        Assert.Null(await new WorkerSlotStep().AdmitAsync(context));
        Assert.Equal(1, listener.Workers!.InUse);

        context.EndWork();
        context.EndWork();
        Assert.Equal(0, listener.Workers.InUse);
    }

    [Fact]
    public async Task AdmitAsync_AtTheCapWithNoQueue_503NamingTheWorkerLimit()
    {
        var scheduler = new WorkerScheduler(machineSlots: 4);
        var listener = Listener(scheduler, maxConcurrent: 1);
        using var first = Admissions.ForEndpoint(listener: listener);
        Assert.Null(await new WorkerSlotStep().AdmitAsync(first));
        using var second = Admissions.ForEndpoint(listener: listener);

        var rejection = await new WorkerSlotStep().AdmitAsync(second);

        Assert.Equal(503, rejection!.Status);
        Assert.Equal(AdmissionChain.RetryAfter, rejection.RetryAfter);
        Assert.Contains("listener 'edge' is at its worker limit", rejection.Detail, StringComparison.Ordinal);
        Assert.Contains("workers.maxConcurrent", rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(1, listener.Counters.RejectedOverCapacity);
        Assert.Equal(1, listener.Counters.WorkersRefused);
    }

    [Fact]
    public async Task AdmitAsync_RefusedThenLimitsOffAndOnAgain_RefusalsStillCounted()
    {
        var scheduler = new WorkerScheduler(machineSlots: 4);
        var listener = Listener(scheduler, maxConcurrent: 1);
        using var first = Admissions.ForEndpoint(listener: listener);
        Assert.Null(await new WorkerSlotStep().AdmitAsync(first));
        using var second = Admissions.ForEndpoint(listener: listener);
        Assert.NotNull(await new WorkerSlotStep().AdmitAsync(second));
        first.EndWork();

        // Turning the limits off and on makes a new pool; the count lives with the listener, so it never goes down.
        listener.Update(listener.Config with { Workers = new WorkersConfig() });
        listener.Update(listener.Config with { Workers = new WorkersConfig { MaxConcurrent = 1 } });

        Assert.Equal(1, listener.Counters.WorkersRefused);
        Assert.Same(listener.Counters, listener.Workers!.Counters);
    }

    [Fact]
    public async Task AdmitAsync_AtTheCapWithQueueRoom_WaitsForTheSlot()
    {
        var scheduler = new WorkerScheduler(machineSlots: 4);
        var listener = Listener(scheduler, maxConcurrent: 1, queueLimit: 1);
        using var first = Admissions.ForEndpoint(listener: listener);
        Assert.Null(await new WorkerSlotStep().AdmitAsync(first));
        using var second = Admissions.ForEndpoint(listener: listener);

        var waiting = new WorkerSlotStep().AdmitAsync(second).AsTask();
        Assert.False(waiting.IsCompleted);
        first.EndWork();

        Assert.Null(await waiting);
        Assert.Equal(1, listener.Workers!.InUse);
    }
}
