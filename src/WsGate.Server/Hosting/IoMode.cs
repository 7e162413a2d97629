namespace WsGate.Server.Hosting;

/// <summary>Where socket completions and the relay run (<c>wsgate serve --io</c>).</summary>
public enum IoMode
{
    /// <summary>
    /// On the socket engine's event threads, as nginx runs on its worker: the runtime's inline socket completions and
    /// Kestrel's inline scheduling on every listener, so a relayed message crosses WsGate without a thread switch.
    /// Handshakes and store calls leave those threads first (<see cref="Threading.ThreadPoolHop"/>).
    /// </summary>
    Inline,

    /// <summary>Every completion is handed to the thread pool: .NET's default, for operators who want it.</summary>
    Pool,
}
