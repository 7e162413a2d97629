namespace WsGate.Throttling;

/// <summary>What the frame's reader or sender does after a refusal was handled.</summary>
public enum ThrottleVerdict
{
    /// <summary>Tokens came back (backpressure): the frame goes on.</summary>
    Deliver,

    /// <summary>The message is dropped: its remaining frames are read (or skipped) and discarded.</summary>
    Discard,
}
