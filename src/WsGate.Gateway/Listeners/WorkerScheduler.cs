using WsGate.Configuration;

namespace WsGate.Listeners;

/// <summary>
/// Grants work slots to the listeners that have worker limits (<see cref="ListenerConfig.Workers"/>), one scheduler for
/// the whole node. A listener's work runs at once while the listener is under its <see cref="WorkersConfig.MaxConcurrent"/>
/// and the machine under <see cref="MachineSlots"/>; otherwise it waits in its listener's queue. Whenever a slot frees,
/// the waiting work of the highest-priority listener that is under its own cap goes first, and among equals the work that
/// has waited longest. Listeners without limits never come here, so they pay nothing, and are not counted against the
/// machine's slots either.
/// </summary>
public sealed class WorkerScheduler
{
    /// <summary>
    /// Machine slots per processor. A slot is held by asynchronous work (a handshake awaiting the store or an identity
    /// provider, an echo awaiting its send), which does not keep a thread busy all along, so a few per processor keep the
    /// processors fed without letting an unbounded crowd of listeners' work run at once.
    /// </summary>
    public const int SlotsPerProcessor = 4;

    private readonly Lock _lock = new();
    private readonly List<WorkerPool> _pools = [];
    private int _inUse;
    private long _tickets;

    public WorkerScheduler()
        : this(Environment.ProcessorCount * SlotsPerProcessor)
    {
    }

    public WorkerScheduler(int machineSlots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(machineSlots, 1);
        MachineSlots = machineSlots;
    }

    /// <summary>How many work items of all limited listeners together run at once.</summary>
    public int MachineSlots { get; }

    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>The pools of the listeners that have limits now, for the metrics.</summary>
    public IReadOnlyList<WorkerPool> Pools
    {
        get
        {
            lock (_lock)
            {
                return [.. _pools];
            }
        }
    }

    /// <summary>A pool for the listener <paramref name="listenerId"/> with <paramref name="limits"/> (which must be enabled).</summary>
    /// <param name="counters">The listener's counters, which the pool's readers (the metrics) read its refusals from.</param>
    public WorkerPool CreatePool(string listenerId, WorkersConfig limits, ListenerCounters counters)
    {
        if (!limits.Enabled)
        {
            throw new ArgumentException("a worker pool needs maxConcurrent above 0", nameof(limits));
        }

        var pool = new WorkerPool(this, listenerId, limits, counters);
        lock (_lock)
        {
            _pools.Add(pool);
        }

        return pool;
    }

    internal Lock Gate => _lock;

    internal long NextTicket() => ++_tickets;

    /// <summary>Whether new work of <paramref name="pool"/> may start at once: nothing of its own waits ahead of it and both caps have room.</summary>
    internal bool CanStartNow(WorkerPool pool) => pool.HasRoom && _inUse < MachineSlots;

    /// <summary>A machine slot is taken; under the lock (the pool counts its own).</summary>
    internal void Started() => Volatile.Write(ref _inUse, _inUse + 1);

    /// <summary>A machine slot is given back; under the lock (the pool counts its own).</summary>
    internal void Finished() => Volatile.Write(ref _inUse, _inUse - 1);

    internal void Remove(WorkerPool pool) => _pools.Remove(pool);

    /// <summary>
    /// Grants free slots to waiting work, highest priority first, into <paramref name="granted"/>; called under the lock
    /// after anything that may free a slot or lift a cap. The grants are completed by the caller outside the lock. No count of
    /// waiting work is kept beside the pools' own queues: the few limited listeners are looked at directly.
    /// </summary>
    internal void Pump(ref WorkerPool.GrantList granted)
    {
        while (_inUse < MachineSlots)
        {
            WorkerPool? best = null;
            foreach (var pool in _pools)
            {
                if (!pool.CanGrant)
                {
                    continue;
                }

                if (best is null
                    || pool.Priority > best.Priority
                    || (pool.Priority == best.Priority && pool.HeadTicket < best.HeadTicket))
                {
                    best = pool;
                }
            }

            if (best is null)
            {
                return;
            }

            granted.Add(best.GrantHead());
        }
    }
}
