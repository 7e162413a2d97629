using System.Net.WebSockets;
using WsGate.Routing;

namespace WsGate.Forwarding;

/// <summary>
/// The backend side of one relayed connection. The socket can be replaced when the API reconnects to another endpoint
/// after losing the first; both relay directions read <see cref="Socket"/> each time they use it.
/// </summary>
public sealed class BackendLeg : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private WebSocket _socket;

    public BackendLeg(WebSocket socket, BackendEndpoint endpoint, BackendRequest request)
    {
        _socket = socket;
        Endpoint = endpoint;
        Request = request;
    }

    public WebSocket Socket => Volatile.Read(ref _socket);

    public BackendEndpoint Endpoint { get; private set; }

    public BackendRequest Request { get; }

    /// <summary>Serialises failover so only one pump reconnects.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Cancelled when the relay must stop touching the backend (the client is gone, or closing timed out).</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Set while a client message has been partly sent to the backend: a failover now would corrupt it.</summary>
    public volatile bool ClientMidMessage;

    /// <summary>Set while a backend message has been partly relayed to the client.</summary>
    public volatile bool BackendMidMessage;

    /// <summary>Set once the client has sent its close frame; what the backend does next only completes the closing.</summary>
    public volatile bool ClientClosed;

    /// <summary>
    /// Set when the client failed (a message over the max size, a protocol error, a client gone without a close): the
    /// backend's answer to the close WsGate sent it is not relayed, since the session runner closes the client with its
    /// own code (1009) or there is no client left to tell, and the backend's aborted receive is no backend failure.
    /// </summary>
    public volatile bool ClientFailed;

    public void Replace(WebSocket socket, BackendEndpoint endpoint)
    {
        var old = Interlocked.Exchange(ref _socket, socket);
        Endpoint = endpoint;
        old.Abort();
        old.Dispose();
    }

    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        Socket.Abort();
    }

    public void StopAfter(TimeSpan delay)
    {
        try
        {
            _stop.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        Gate.Dispose();
        _stop.Dispose();
        Socket.Dispose();
    }
}
