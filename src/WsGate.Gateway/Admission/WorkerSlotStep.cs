using Microsoft.AspNetCore.Http;
using WsGate.Listeners;

namespace WsGate.Admission;

/// <summary>
/// A listener's worker limits (<see cref="Configuration.ListenerConfig.Workers"/>): the rest of the chain is the
/// listener's work, so it runs only in a work slot, waiting in the listener's queue when the listener (or the machine) is
/// at its limit, and refused with 503 when that queue is full. The slot is held for admission only
/// (<see cref="AdmissionContext.HoldWork"/>), never for the connection's life. A listener without limits passes on a null check.
/// </summary>
public sealed class WorkerSlotStep : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context)
    {
        if (context.Listener.Workers is not { } workers)
        {
            return ValueTask.FromResult<HandshakeRejection?>(null);
        }

        var entered = workers.EnterAsync(refuseWhenQueueFull: true, context.Http.RequestAborted);
        return entered.IsCompletedSuccessfully ? ValueTask.FromResult(Decide(context, workers, entered.Result)) : WaitAsync(context, workers, entered);
    }

    private static async ValueTask<HandshakeRejection?> WaitAsync(AdmissionContext context, WorkerPool workers, ValueTask<bool> entered) =>
        Decide(context, workers, await entered);

    private static HandshakeRejection? Decide(AdmissionContext context, WorkerPool workers, bool granted)
    {
        if (granted)
        {
            context.HoldWork(workers);
            return null;
        }

        var limits = workers.Limits;
        context.Listener.Counters.CountRejectedOverCapacity();
        context.Listener.Counters.CountWorkersRefused();
        return new HandshakeRejection(
            StatusCodes.Status503ServiceUnavailable,
            "Listener workers busy",
            $"listener '{context.Listener.Id}' is at its worker limit: {limits.MaxConcurrent} running (workers.maxConcurrent) and {limits.QueueLimit} waiting (workers.queueLimit)",
            AdmissionChain.RetryAfter);
    }
}
