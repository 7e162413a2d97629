namespace WsGate.Configuration.Throttling;

/// <summary>What happens to a message that finds its rate limit exhausted.</summary>
public enum ThrottleAction
{
    /// <summary>The message is dropped and the client gets an error frame (for messages to the client: dropped silently).</summary>
    Drop,

    /// <summary>The connection is closed with 1008 (policy violation, RFC 6455 section 7.4.1).</summary>
    Close,

    /// <summary>Reading (or sending) stops until tokens return; TCP flow control then slows the sender.</summary>
    Backpressure,
}
