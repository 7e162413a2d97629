namespace WsGate.ConformanceTests.Cases;

/// <summary>
/// What a case expects, written down as in Autobahn: the messages (and pongs) the server must send back in order, who
/// closes and with which code (1005 standing for a close frame with no code, RFC 6455 section 7.4.1), and the verdict
/// WsGate is expected to earn. A verdict other than <see cref="Outcome.Ok"/> carries a one-line reason.
/// </summary>
public sealed record CaseExpectation
{
    public const int NoStatusCode = 1005;

    public required Outcome Outcome { get; init; }

    public string? Reason { get; init; }

    public IReadOnlyList<EchoMessage> Messages { get; init; } = [];

    public required ClosedBy ClosedBy { get; init; }

    public required int CloseCode { get; init; }

    /// <summary>When set, the reason of the server's close frame must be exactly this.</summary>
    public string? CloseReason { get; init; }

    /// <summary>Close codes that are acceptable but not the strict one; observing one makes the case NonStrict.</summary>
    public IReadOnlyList<int> NonStrictCloseCodes { get; init; } = [];

    /// <summary>
    /// When set, receiving only the first few of <see cref="Messages"/> (none included) is NonStrict rather than a Fail: a
    /// relay that fails the client may do so before the backend's echo of the earlier messages has come back (Autobahn's
    /// NON-STRICT expectation of no echo).
    /// </summary>
    public bool EchoesMayBeCut { get; init; }

    /// <summary>
    /// Verdicts accepted besides <see cref="Outcome"/>, for a case whose verdict depends on a race the RFC leaves open
    /// (through a relay: whether the backend's echo or WsGate's failure reaches the client first).
    /// </summary>
    public IReadOnlyList<Outcome> AlsoAccepted { get; init; } = [];

    /// <summary>Expected to be acceptable but not strict, for <paramref name="reason"/>.</summary>
    public CaseExpectation NonStrict(string reason) => this with { Outcome = Outcome.NonStrict, Reason = reason };

    /// <summary>A known failure, kept in the table so that a fix (or a regression) shows up; <paramref name="reason"/> says why.</summary>
    public CaseExpectation KnownFailure(string reason) => this with { Outcome = Outcome.Fail, Reason = reason };

    /// <summary>Also accepts <paramref name="code"/> as a NonStrict close code.</summary>
    public CaseExpectation OrNonStrictCode(int code) => this with { NonStrictCloseCodes = [.. NonStrictCloseCodes, code] };

    /// <summary>True when <paramref name="observed"/> is <see cref="Outcome"/> or one of <see cref="AlsoAccepted"/>.</summary>
    public bool Accepts(Outcome observed) => observed == Outcome || AlsoAccepted.Contains(observed);

    public override string ToString()
    {
        var close = ClosedBy == ClosedBy.Client ? $"close echoed {CloseCode}" : $"server closes {CloseCode}";
        var messages = Messages.Count == 0 ? "nothing" : string.Join(", ", Messages) + (EchoesMayBeCut ? " (or fewer: NonStrict)" : string.Empty);
        var outcomes = string.Join(" or ", [Outcome, .. AlsoAccepted]);
        return $"{outcomes}: {messages}; {close}{(Reason is null ? string.Empty : $" ({Reason})")}";
    }
}
