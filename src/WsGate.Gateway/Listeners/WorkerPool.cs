using WsGate.Configuration;

namespace WsGate.Listeners;

/// <summary>
/// One listener's share of the <see cref="WorkerScheduler"/>: its cap, its queue and its priority. Work calls
/// <see cref="EnterAsync"/> before it starts and <see cref="Exit"/> when it is done. Taking a free slot and giving one back
/// with nobody waiting allocate nothing; only work that has to wait gets a task. All state changes happen under the
/// scheduler's one lock, so a grant, a cancellation and a change of limits never cross; the running count is written there
/// with <c>Volatile.Write</c> so the metrics and the listener view read it without the lock.
/// </summary>
public sealed class WorkerPool
{
    private readonly WorkerScheduler _scheduler;
    private readonly LinkedList<Waiter> _waiting = new();
    private volatile WorkersConfig _limits;
    private bool _detached;
    private int _inUse;

    internal WorkerPool(WorkerScheduler scheduler, string listenerId, WorkersConfig limits, ListenerCounters counters)
    {
        _scheduler = scheduler;
        ListenerId = listenerId;
        _limits = limits;
        Counters = counters;
    }

    public string ListenerId { get; }

    /// <summary>The listener's counters (its handshakes refused for a full queue among them), which outlive this pool.</summary>
    public ListenerCounters Counters { get; }

    public WorkersConfig Limits => _limits;

    /// <summary>Work of this listener running now.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Work of this listener waiting for a slot now (read under the lock: the queue is its only count).</summary>
    public int Queued
    {
        get
        {
            lock (_scheduler.Gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Whether the pool has waiting work and room under its own cap for more; under the lock.</summary>
    internal bool CanGrant => _waiting.Count > 0 && _inUse < _limits.MaxConcurrent;

    /// <summary>Whether new work may start without overtaking its own queue: none waits and the cap has room; under the lock.</summary>
    internal bool HasRoom => _waiting.Count == 0 && _inUse < _limits.MaxConcurrent;

    internal int Priority => _limits.Priority;

    internal long HeadTicket => _waiting.First!.Value.Ticket;

    /// <summary>
    /// Takes a slot, waiting in the listener's queue when there is none. True when granted (call <see cref="Exit"/> after
    /// the work); false only when <paramref name="refuseWhenQueueFull"/> and the queue already holds
    /// <see cref="WorkersConfig.QueueLimit"/> waiting items. Cancelling <paramref name="cancellationToken"/> takes a waiting
    /// item out of the queue and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public ValueTask<bool> EnterAsync(bool refuseWhenQueueFull, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_scheduler.Gate)
        {
            if (_detached || _scheduler.CanStartNow(this))
            {
                Started();
                return ValueTask.FromResult(true);
            }

            if (refuseWhenQueueFull && _waiting.Count >= _limits.QueueLimit)
            {
                return ValueTask.FromResult(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(this, _scheduler.NextTicket());
            waiter.Node = _waiting.AddLast(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    /// <summary>Gives back a slot taken by <see cref="EnterAsync"/>; the next waiting work (of any listener) may start.</summary>
    public void Exit()
    {
        var granted = default(GrantList);
        lock (_scheduler.Gate)
        {
            Volatile.Write(ref _inUse, _inUse - 1);
            _scheduler.Finished();
            _scheduler.Pump(ref granted);
        }

        granted.Complete();
    }

    /// <summary>New limits for work from now on: running work finishes as it is; waiting work may start at once if the cap grew.</summary>
    public void Configure(WorkersConfig limits)
    {
        if (!limits.Enabled)
        {
            throw new ArgumentException("a worker pool needs maxConcurrent above 0; detach it instead", nameof(limits));
        }

        var granted = default(GrantList);
        lock (_scheduler.Gate)
        {
            _limits = limits;
            _scheduler.Pump(ref granted);
        }

        granted.Complete();
    }

    /// <summary>
    /// The listener's limits are gone (or the listener is): everything waiting starts now, later work through this pool
    /// starts at once, and the pool leaves the scheduler (its running work still gives its slots back).
    /// </summary>
    public void Detach()
    {
        var granted = default(GrantList);
        lock (_scheduler.Gate)
        {
            _detached = true;
            _scheduler.Remove(this);
            while (_waiting.Count > 0)
            {
                granted.Add(GrantHead());
            }
        }

        granted.Complete();
    }

    /// <summary>Takes the longest-waiting item out of the queue as started; under the lock.</summary>
    internal Waiter GrantHead()
    {
        var waiter = _waiting.First!.Value;
        _waiting.RemoveFirst();
        waiter.Node = null;
        Started();
        return waiter;
    }

    /// <summary>Work of this pool takes a slot (its own and one of the machine's); under the lock.</summary>
    private void Started()
    {
        Volatile.Write(ref _inUse, _inUse + 1);
        _scheduler.Started();
    }

    private static async ValueTask<bool> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        // The registration goes when the wait ends either way: a connection's token outlives many waits.
        using (cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_scheduler.Gate)
        {
            if (waiter.Node is null)
            {
                // Granted already: the work runs and gives its slot back as usual.
                return;
            }

            _waiting.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Source.TrySetCanceled(token);
    }

    /// <summary>Work waiting for a slot.</summary>
    internal sealed class Waiter(WorkerPool pool, long ticket)
    {
        public TaskCompletionSource<bool> Source { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<bool> Task => Source.Task;

        public long Ticket { get; } = ticket;

        public LinkedListNode<Waiter>? Node { get; set; }

        public void Cancel(CancellationToken token) => pool.Cancel(this, token);
    }

    /// <summary>The waiters granted under the lock, completed after it is let go (their continuations never run inside it).</summary>
    internal struct GrantList
    {
        private Waiter? _first;
        private List<Waiter>? _more;

        public void Add(Waiter waiter)
        {
            if (_first is null)
            {
                _first = waiter;
            }
            else
            {
                (_more ??= []).Add(waiter);
            }
        }

        public readonly void Complete()
        {
            _first?.Source.TrySetResult(true);
            if (_more is not null)
            {
                foreach (var waiter in _more)
                {
                    waiter.Source.TrySetResult(true);
                }
            }
        }
    }
}
