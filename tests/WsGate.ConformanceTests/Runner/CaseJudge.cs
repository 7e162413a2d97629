using WsGate.ConformanceTests.Cases;

namespace WsGate.ConformanceTests.Runner;

/// <summary>
/// Turns what was observed into a verdict the way Autobahn does: the messages must match exactly and the close must come
/// from the expected side with the expected code; a streamed partial echo, a close code listed as acceptable or (when the
/// case allows it) echoes cut off by the close make the case NonStrict; an Informational case only has to end without
/// a protocol violation.
/// </summary>
public static class CaseJudge
{
    public static (Outcome Outcome, string Detail) Judge(CaseExpectation expected, Observation observed)
    {
        if (observed.Violations.Count > 0)
        {
            return (Outcome.Fail, $"the server broke the protocol: {string.Join("; ", observed.Violations)}");
        }

        if (observed.TimedOut)
        {
            return (Outcome.Fail, "the case did not finish in time");
        }

        if (!observed.CloseReceived)
        {
            return (Outcome.Fail, "the server sent no close frame");
        }

        if (expected.Outcome is Outcome.Informational)
        {
            return (Outcome.Informational, $"recorded: close {observed.CloseCode} after {observed.Messages.Count} message(s)");
        }

        var nonStrict = new List<string>();
        var messagesMatch = observed.Messages.Count == expected.Messages.Count
            && observed.Messages.Zip(expected.Messages).All(pair => pair.First.SameAs(pair.Second));
        if (!messagesMatch)
        {
            var isPrefix = observed.Messages.Count < expected.Messages.Count
                && observed.Messages.Zip(expected.Messages).All(pair => pair.First.SameAs(pair.Second));
            if (!expected.EchoesMayBeCut || !isPrefix)
            {
                return (Outcome.Fail, $"expected messages [{string.Join(", ", expected.Messages)}], got [{string.Join(", ", observed.Messages)}]");
            }

            nonStrict.Add($"{expected.Messages.Count - observed.Messages.Count} expected message(s) cut off by the close");
        }

        // When the faulty frame is the client's own close, the client necessarily "closed first": the close code then tells
        // a failure (1002) from an echo.
        if (expected.ClosedBy == ClosedBy.Server && !observed.ServerClosedFirst && observed.RunnerClosed)
        {
            return (Outcome.Fail, "the server did not fail the connection");
        }

        if (expected.ClosedBy == ClosedBy.Client && observed.ServerClosedFirst)
        {
            return (Outcome.Fail, "the server closed before the client did");
        }

        if (expected.ClosedBy == ClosedBy.Client && !observed.TcpClosed)
        {
            return (Outcome.Fail, "the server did not close TCP cleanly after the closing handshake");
        }

        if (expected.CloseReason is not null && observed.CloseReason != expected.CloseReason)
        {
            return (Outcome.Fail, $"expected close reason \"{expected.CloseReason}\", got \"{observed.CloseReason}\"");
        }

        if (observed.CloseCode != expected.CloseCode)
        {
            if (!expected.NonStrictCloseCodes.Contains(observed.CloseCode!.Value))
            {
                return (Outcome.Fail, $"expected close code {expected.CloseCode}, got {observed.CloseCode}");
            }

            nonStrict.Add($"close code {observed.CloseCode} instead of {expected.CloseCode}");
        }

        if (observed.UnfinishedFrames > 0)
        {
            nonStrict.Add($"{observed.UnfinishedBytes} bytes of an unfinished message echoed before the close");
        }

        return nonStrict.Count == 0 ? (Outcome.Ok, "as expected") : (Outcome.NonStrict, string.Join("; ", nonStrict));
    }
}
