namespace WsGate.ConformanceTests.Cases;

/// <summary>
/// What each case expects through a gateway API: the direct echo's expectation (<see cref="ConformanceCase.Expected"/>)
/// unless the target's override table below says otherwise, each override with a one-line reason. The table is kept
/// small on purpose: a relay that behaves like the echo needs no entry.
/// </summary>
public static class GatewayExpectations
{
    private const string FramesPrefix = "Gateway frames: ";
    private const string StreamPrefix = "Gateway stream: ";

    private const string EchoCut =
        "WsGate fails the client as soon as it reads the bad frame, usually before the backend's echo of the earlier message has come back";

    private const string NoPartialEcho =
        "WsGate fails the client as soon as it reads the bad fragment, usually before the backend's echo of the valid fragments has come back";

    /// <summary>
    /// Frames mode: WsGate reads the client's frames itself, so protocol errors are answered by WsGate (as by the echo); what
    /// differs is timing (the echo comes back from the backend a round trip later, and a failure does not wait) and three
    /// cases where WsGate's own frame reader is stricter than .NET's WebSocket, which the echo runs on.
    /// </summary>
    public static IReadOnlyList<Override> Frames { get; } =
    [
        CutEcho("1.3.2"),
        CutEcho("3.2"),
        CutEcho("3.3"),
        CutEcho("3.4"),
        CutEcho("4.1.3"),
        CutEcho("4.1.4"),
        CutEcho("4.1.5"),
        CutEcho("4.2.3"),
        CutEcho("4.2.4"),
        CutEcho("4.2.5"),
        CutEcho("5.15"),
        WithoutPartialEcho("5.18"),
        WithoutPartialEcho("5.23"),
        WithoutPartialEcho("6.3.2"),
        WithoutPartialEcho("6.4.1"),
        WithoutPartialEcho("6.4.2"),
        Strict("6.4.3", "the relay's UTF-8 check fails a text message whose final (empty) fragment ends it inside a code point"),
        Strict("7.5.1", "the relay fails a close reason that is not UTF-8 with 1007, as RFC 6455 section 8.1 says"),
        Strict("9.9.2", "the relay reads the message size from the frame header and fails it with 1009 before relaying any of it"),
    ];

    /// <summary>Stream mode: WsGate copies bytes, so the backend's WebSocket answers the client.</summary>
    public static IReadOnlyList<Override> Stream { get; } =
    [
    ];

    public static string RowName(GatewayTarget target, ConformanceCase @case) =>
        (target == GatewayTarget.Frames ? FramesPrefix : StreamPrefix) + @case.Id + " " + @case.Name;

    /// <summary>The case named by <paramref name="row"/>, with its expectation for <paramref name="target"/>.</summary>
    public static ConformanceCase ForRow(GatewayTarget target, string row)
    {
        var prefix = target == GatewayTarget.Frames ? FramesPrefix : StreamPrefix;
        if (!row.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{row}' is not a row of {target}", nameof(row));
        }

        var id = row[prefix.Length..row.IndexOf(' ', prefix.Length)];
        var @case = CaseTable.All.SingleOrDefault(c => c.Id == id) ?? throw new ArgumentException($"no conformance case '{id}'", nameof(row));
        return @case with { Expected = For(target, @case) };
    }

    public static CaseExpectation For(GatewayTarget target, ConformanceCase @case)
    {
        var table = target == GatewayTarget.Frames ? Frames : Stream;
        var change = table.SingleOrDefault(o => o.Id == @case.Id);
        return change is null ? @case.Expected : change.Apply(@case.Expected) with { Reason = change.Reason };
    }

    /// <summary>
    /// Messages sent before a bad frame are echoed, then the connection fails; through the relay the failure usually
    /// overtakes the echo (Autobahn's NON-STRICT: no echo), and Ok when the echo wins.
    /// </summary>
    private static Override CutEcho(string id) =>
        new(id, e => e with { Outcome = Outcome.NonStrict, EchoesMayBeCut = true, AlsoAccepted = [Outcome.Ok] }, EchoCut);

    /// <summary>The echo streams the valid fragments before failing (NonStrict); through the relay the failure usually overtakes them (Ok).</summary>
    private static Override WithoutPartialEcho(string id) =>
        new(id, e => e with { Outcome = Outcome.Ok, AlsoAccepted = [Outcome.NonStrict] }, NoPartialEcho);

    /// <summary>The case passes strictly through the relay where the echo does not: the relay's own checks are stricter.</summary>
    private static Override Strict(string id, string reason) =>
        new(id, e => e with { Outcome = Outcome.Ok, NonStrictCloseCodes = [] }, reason);

    /// <summary>Case <paramref name="Id"/> expects <paramref name="Apply"/>(the echo's expectation) through this target, because <paramref name="Reason"/>.</summary>
    public sealed record Override(string Id, Func<CaseExpectation, CaseExpectation> Apply, string Reason);
}
