namespace WsGate.Management;

/// <summary>Engine settings that belong to the process, not to the stored configuration.</summary>
public sealed record GatewayOptions
{
    /// <summary>How long a shutdown waits for WebSockets to finish their close handshake after 1001 is sent.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs each listener's connections on the I/O thread that completed their socket operation (Kestrel's
    /// <c>UnsafePreferInlineScheduling</c>) instead of handing every read to the thread pool. Together with the runtime's
    /// inline socket completions (see <c>IoMode</c> in the server) a relayed message crosses WsGate without a thread
    /// switch. Handshakes still run on the thread pool: the pipeline leaves the I/O thread before any policy runs.
    /// </summary>
    public bool InlineIo { get; init; }
}
