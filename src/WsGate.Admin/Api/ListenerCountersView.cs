using WsGate.Listeners;

namespace WsGate.Admin.Api;

public sealed record ListenerCountersView(long Accepted, long RejectedOverCapacity, long DeniedByAccess, long IdleClosed, long TooBigClosed)
{
    public static ListenerCountersView From(ListenerCounters? c) =>
        c is null ? new(0, 0, 0, 0, 0) : new(c.Accepted, c.RejectedOverCapacity, c.DeniedByAccess, c.IdleClosed, c.TooBigClosed);
}
