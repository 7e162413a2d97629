using WsGate.Connections;

namespace WsGate.Listeners;

/// <summary>
/// How an accepted WebSocket takes its connection away from Kestrel. Set as a connection feature by
/// <see cref="ListenerConnection"/>, so the handshake reaches it through <c>HttpContext.Features</c>: it claims the
/// connection just before the 101 is written, the request delegate returns, Kestrel ends the request (an upgraded
/// request never keeps a connection alive) and disposes the connection, which then gives its socket, and any bytes that
/// arrived after the handshake, to the claim instead of closing it. Kestrel's HTTP objects are gone from then on.
/// </summary>
public sealed class TransportClaim
{
    private readonly TaskCompletionSource<Transport> _transport = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _claimed;

    public bool IsClaimed => Volatile.Read(ref _claimed) != 0;

    /// <summary>The connection's transport, once Kestrel has let go of it; faulted if the connection ended first.</summary>
    public Task<Transport> Transport => _transport.Task;

    /// <summary>Claims the connection; false when it was claimed already.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

    /// <summary>The upgrade did not happen after all: Kestrel may close the connection as usual.</summary>
    public void Unclaim() => Volatile.Write(ref _claimed, 0);

    internal void Deliver(Transport transport) => _transport.TrySetResult(transport);

    internal void Fail(Exception error) => _transport.TrySetException(error);
}
