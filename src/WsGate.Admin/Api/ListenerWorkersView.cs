using WsGate.Listeners;

namespace WsGate.Admin.Api;

/// <summary>
/// A listener's worker limits as they stand on this node: its work running now (<c>InUse</c>) and waiting for a slot
/// (<c>Queued</c>), and the handshakes its full queue refused since the listener was created on this node. Null on a listener without worker limits.
/// </summary>
public sealed record ListenerWorkersView(int InUse, int Queued, long Refused, int MaxConcurrent, int QueueLimit, int Priority)
{
    public static ListenerWorkersView? From(ListenerRuntime? runtime) =>
        runtime?.Workers is not { } pool
            ? null
            : new(pool.InUse, pool.Queued, runtime.Counters.WorkersRefused, pool.Limits.MaxConcurrent, pool.Limits.QueueLimit, pool.Limits.Priority);
}
