using System.Runtime.CompilerServices;

namespace WsGate.Threading;

/// <summary>
/// Awaiting <see cref="LeaveIoThread"/> moves the rest of the method to the thread pool unless it already runs there.
/// With inline socket completions (<c>wsgate serve --io inline</c>, the default) the code after an awaited socket
/// operation runs on the socket engine's event thread, which serves every other socket of that engine too and so must
/// never block: code that may (SQLite's calls are synchronous underneath; handshake policies read the store) leaves it
/// first. On a pool thread the await completes at once and costs nothing.
/// </summary>
public readonly struct ThreadPoolHop : ICriticalNotifyCompletion
{
    public static ThreadPoolHop LeaveIoThread() => default;

    public bool IsCompleted => Thread.CurrentThread.IsThreadPoolThread;

    public ThreadPoolHop GetAwaiter() => this;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) =>
        ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false);

    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
}
