using WsGate.Threading;

namespace WsGate.UnitTests.Threading;

public sealed class ThreadPoolHopTests
{
    [Fact]
    public async Task LeaveIoThread_OnADedicatedThread_ContinuesOnThePool()
    {
        var result = new TaskCompletionSource<(bool Before, bool After, bool SameThread)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => _ = RunAsync(result)) { IsBackground = true };
        thread.Start();

        var (before, after, sameThread) = await result.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(before);
        Assert.True(after);
        Assert.False(sameThread);
    }

    [Fact]
    public async Task LeaveIoThread_OnAPoolThread_CompletesWithoutQueueing()
    {
        await Task.Run(() =>
        {
            Assert.True(Thread.CurrentThread.IsThreadPoolThread);
            Assert.True(ThreadPoolHop.LeaveIoThread().GetAwaiter().IsCompleted);
        });
    }

    private static async Task RunAsync(TaskCompletionSource<(bool, bool, bool)> result)
    {
        var before = Thread.CurrentThread.IsThreadPoolThread;
        var id = Environment.CurrentManagedThreadId;
        await ThreadPoolHop.LeaveIoThread();
        result.SetResult((before, Thread.CurrentThread.IsThreadPoolThread, id == Environment.CurrentManagedThreadId));
    }
}
