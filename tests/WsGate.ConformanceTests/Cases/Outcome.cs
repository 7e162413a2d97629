namespace WsGate.ConformanceTests.Cases;

/// <summary>The verdicts of the Autobahn TestSuite, with the same meaning.</summary>
public enum Outcome
{
    /// <summary>The server behaved as the strictest reading of RFC 6455 asks.</summary>
    Ok,

    /// <summary>Acceptable, but not the strictest behaviour (for example part of a bad message was echoed before the close).</summary>
    NonStrict,

    /// <summary>The RFC leaves the behaviour open; it is recorded, and only a hang or a protocol violation fails it.</summary>
    Informational,

    /// <summary>The server broke RFC 6455.</summary>
    Fail,
}
