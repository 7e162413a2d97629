namespace WsGate.ConformanceTests.Cases;

/// <summary>Which side is expected to send the first close frame.</summary>
public enum ClosedBy
{
    /// <summary>The client closes when the case is done; the server echoes the close (RFC 6455 section 5.5.1).</summary>
    Client,

    /// <summary>The server fails the connection on its own (RFC 6455 section 7.1.7), with the expected code.</summary>
    Server,
}
