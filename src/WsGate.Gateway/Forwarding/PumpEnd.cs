namespace WsGate.Forwarding;

/// <summary>Why a <see cref="FramePump"/> stopped reading its side.</summary>
internal enum PumpEnd
{
    /// <summary>Its side sent a close frame (forwarded to the other side unless that one is gone or closed).</summary>
    CloseReceived,

    /// <summary>Its side's connection ended without a close frame (end of stream or an error) and no replacement was found.</summary>
    Lost,

    /// <summary>Its side broke the protocol or a limit and was failed with a close code.</summary>
    Failed,

    /// <summary>The connection was aborted (a close that timed out, a lost peer, shutdown).</summary>
    Aborted,
}
