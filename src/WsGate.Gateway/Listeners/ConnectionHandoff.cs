using System.IO.Pipelines;

namespace WsGate.Listeners;

/// <summary>
/// Lets an accepted WebSocket leave Kestrel's HTTP request and run on the listener connection's transport. Kestrel keeps
/// an upgraded request's HTTP objects (connection, request and response headers, output producer, timeout control, about
/// 4 kB) for as long as the request delegate runs, i.e. for the life of the WebSocket; after the 101 is flushed they are
/// no longer needed. The handler calls <see cref="Detach"/>, the request delegate returns, Kestrel ends the request (an
/// upgraded request never keeps the connection alive), and <see cref="TransportHandoffMiddleware"/> hands the connection's
/// own transport to the waiting handler through <see cref="TransportAsync"/>. Set as a connection feature, so it is
/// reachable from <c>HttpContext.Features</c>.
/// </summary>
public sealed class ConnectionHandoff(CancellationToken connectionClosed)
{
    private readonly TaskCompletionSource _detached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<IDuplexPipe> _transport = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Fires when the client's connection ends, whoever ends it.</summary>
    public CancellationToken ConnectionClosed { get; } = connectionClosed;

    public bool IsDetached => _detached.Task.IsCompleted;

    internal Task Detached => _detached.Task;

    /// <summary>What the request handler goes on doing after it detached; the middleware waits for it before closing.</summary>
    internal Task? Work { get; set; }

    /// <summary>
    /// Called once the 101 is flushed: the request delegate returns to Kestrel while the handler goes on. From here the
    /// handler must not touch the request's <c>HttpContext</c>, which Kestrel resets when the request ends.
    /// </summary>
    public void Detach() => _detached.TrySetResult();

    /// <summary>The connection's transport, once Kestrel has finished with the request and no longer reads or writes it.</summary>
    public Task<IDuplexPipe> TransportAsync() => _transport.Task;

    internal void Attach(IDuplexPipe transport) => _transport.TrySetResult(transport);

    /// <summary>Kestrel ended without the request detaching; a handler still waiting sees the connection as gone.</summary>
    internal void Cancel() => _transport.TrySetException(new IOException("the connection ended before its WebSocket was handed off"));
}
