namespace WsGate.Listeners;

/// <summary>
/// The end of a listener connection's TLS handshake, as a connection feature. <see cref="ListenerConnection"/> runs the
/// handshake itself, after Kestrel has the connection; on a listener that offers HTTP/2 Kestrel must not choose the
/// protocol before ALPN has, so the listener's connection middleware waits for this first (<see cref="ListenerHost"/>).
/// </summary>
internal sealed class TlsNegotiation
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the handshake has finished, whether it succeeded or not (a failed one ends the connection).</summary>
    public Task Completed => _done.Task;

    public void Finish() => _done.TrySetResult();
}
