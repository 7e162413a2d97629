namespace WsGate.Threading;

/// <summary>
/// A lock that can be awaited, for one writer at a time on a connection's output. Taking a free gate and letting go of
/// one nobody waits for are one compare-and-swap each and allocate nothing; only a writer that has to wait takes the
/// lock and gets a task. Smaller than a <see cref="SemaphoreSlim"/> (which also keeps a lock object), which matters when
/// every idle connection holds a few. Waiters are served in order.
/// </summary>
public sealed class AsyncGate
{
    private const int Free = 0;
    private const int Taken = 1;
    private const int TakenWithWaiters = 2;

    private int _state;
    private Queue<TaskCompletionSource<bool>>? _waiters;

    /// <summary>Takes the gate now if it is free.</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref _state, Taken, Free) == Free;

    /// <summary>Takes the gate, waiting for it if another writer holds it.</summary>
    public ValueTask EnterAsync() => TryEnter() ? ValueTask.CompletedTask : new ValueTask(Wait());

    /// <summary>Takes the gate within <paramref name="timeout"/>; false (and the gate not held) when it was not free in time.</summary>
    public async ValueTask<bool> EnterAsync(TimeSpan timeout)
    {
        if (TryEnter())
        {
            return true;
        }

        var waiter = Wait();
        try
        {
            await waiter.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            // The wait stays queued; if it is granted later the gate is passed straight on.
            _ = waiter.ContinueWith(static (_, gate) => ((AsyncGate)gate!).Exit(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return false;
        }
    }

    /// <summary>Lets go of the gate: the next waiter (if any) holds it from now on.</summary>
    public void Exit()
    {
        if (Interlocked.CompareExchange(ref _state, Free, Taken) == Taken)
        {
            return;
        }

        TaskCompletionSource<bool> next;
        lock (this)
        {
            var waiters = _waiters!;
            next = waiters.Dequeue();
            if (waiters.Count == 0)
            {
                Volatile.Write(ref _state, Taken);
            }
        }

        // Granted outside the lock: the waiter's continuation runs on the pool, not inside Exit.
        next.TrySetResult(true);
    }

    private Task Wait()
    {
        lock (this)
        {
            while (true)
            {
                var state = Volatile.Read(ref _state);
                if (state == Free)
                {
                    if (Interlocked.CompareExchange(ref _state, Taken, Free) == Free)
                    {
                        return Task.CompletedTask;
                    }

                    continue;
                }

                // Marked under the lock, so Exit takes the slow path and finds this waiter.
                if (state == TakenWithWaiters || Interlocked.CompareExchange(ref _state, TakenWithWaiters, Taken) == Taken)
                {
                    var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    (_waiters ??= new Queue<TaskCompletionSource<bool>>()).Enqueue(waiter);
                    return waiter.Task;
                }
            }
        }
    }
}
