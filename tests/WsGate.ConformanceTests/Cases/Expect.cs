namespace WsGate.ConformanceTests.Cases;

/// <summary>Shorthands for the expectations the case table uses most.</summary>
public static class Expect
{
    /// <summary>The server answers with <paramref name="messages"/>, then echoes the client's close 1000.</summary>
    public static CaseExpectation Echo(params EchoMessage[] messages) => new()
    {
        Outcome = Outcome.Ok,
        Messages = messages,
        ClosedBy = ClosedBy.Client,
        CloseCode = 1000,
    };

    /// <summary>The server echoes the client's close with <paramref name="code"/> (and reason, when given).</summary>
    public static CaseExpectation CloseEchoed(int code, string? reason = null, params EchoMessage[] messages) => new()
    {
        Outcome = Outcome.Ok,
        Messages = messages,
        ClosedBy = ClosedBy.Client,
        CloseCode = code,
        CloseReason = reason,
    };

    /// <summary>The server answers with <paramref name="before"/>, then fails the connection with <paramref name="code"/>.</summary>
    public static CaseExpectation Fails(int code, params EchoMessage[] before) => new()
    {
        Outcome = Outcome.Ok,
        Messages = before,
        ClosedBy = ClosedBy.Server,
        CloseCode = code,
    };

    /// <summary>The RFC leaves the outcome open: whatever the server does is recorded, as long as the connection ends.</summary>
    public static CaseExpectation Informational(string reason, ClosedBy closedBy = ClosedBy.Client, int closeCode = 1000) => new()
    {
        Outcome = Outcome.Informational,
        Reason = reason,
        ClosedBy = closedBy,
        CloseCode = closeCode,
    };
}
