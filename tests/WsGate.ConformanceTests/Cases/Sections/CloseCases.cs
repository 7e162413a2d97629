using System.Text;
using WsGate.ConformanceTests.Client;

namespace WsGate.ConformanceTests.Cases.Sections;

/// <summary>
/// Autobahn section 7: the closing handshake (RFC 6455 sections 5.5.1 and 7). The server echoes a valid close code and
/// reason, fails the connection with 1002 on codes that may not be sent (section 7.4) or a malformed close body, and
/// ignores whatever follows a close frame.
/// </summary>
public static class CloseCases
{
    private static readonly int[] ValidCodes = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999];
    private static readonly int[] InvalidCodes = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999];

    public static IEnumerable<ConformanceCase> All()
    {
        yield return new ConformanceCase(
            "7.1.1", "TextThenClose_EchoThenClose1000", "Send a text message, then a close frame.",
            async s =>
            {
                await s.SendTextAsync("Hello World!");
                await s.SendCloseAsync(1000);
            },
            Expect.CloseEchoed(1000, null, EchoMessage.Text("Hello World!")));

        yield return new ConformanceCase(
            "7.1.2", "TwoCloses_SecondIgnored", "Send two close frames in one write.",
            s => s.SendAsync([new Frame(Opcode.Close, FrameEncoder.ClosePayload(1000)), new Frame(Opcode.Close, FrameEncoder.ClosePayload(1000))]),
            Expect.CloseEchoed(1000));

        yield return new ConformanceCase(
            "7.1.3", "PingAfterClose_Ignored", "Send a close frame, then a ping, in one write: no pong.",
            s => s.SendAsync([new Frame(Opcode.Close, FrameEncoder.ClosePayload(1000)), new Frame(Opcode.Ping, Payloads.Utf8("Hello World!"))]),
            Expect.CloseEchoed(1000));

        yield return new ConformanceCase(
            "7.1.4", "TextAfterClose_Ignored", "Send a close frame, then a text message, in one write: no echo.",
            s => s.SendAsync([new Frame(Opcode.Close, FrameEncoder.ClosePayload(1000)), new Frame(Opcode.Text, Payloads.Utf8("Hello World!"))]),
            Expect.CloseEchoed(1000));

        yield return new ConformanceCase(
            "7.1.5", "FragmentCloseFragment_Close1000", "Send the first fragment of a text message, a close frame, then the last fragment.",
            s => s.SendAsync([
                new Frame(Opcode.Text, Payloads.Utf8("fragment1"), Fin: false),
                new Frame(Opcode.Close, FrameEncoder.ClosePayload(1000)),
                new Frame(Opcode.Continuation, Payloads.Utf8("fragment2")),
            ]),
            Expect.CloseEchoed(1000).NonStrict("the echo streams frames, so the first fragment was echoed before the close arrived"));

        yield return new ConformanceCase(
            "7.1.6", "LargeTextThenCloseThenPing_Informational", "Send a 256 KiB text message, a close frame and a ping in one write.",
            s => s.SendAsync([
                new Frame(Opcode.Text, Payloads.Text(256 * 1024)),
                new Frame(Opcode.Close, FrameEncoder.ClosePayload(1000)),
                new Frame(Opcode.Ping, Payloads.Utf8("Hello World!")),
            ]),
            Expect.Informational("whether the echo of the large message goes out before the close depends on the server's send path"));

        yield return new ConformanceCase(
            "7.3.1", "CloseEmpty_Closes1000", "Send a close frame without a body: the server answers 1000, as Autobahn expects (an empty close is fine too).",
            s => s.SendAsync(new Frame(Opcode.Close, [])),
            Expect.CloseEchoed(1000).OrNonStrictCode(CaseExpectation.NoStatusCode));

        yield return new ConformanceCase(
            "7.3.2", "CloseOneByteBody_Closes1002", "Send a close frame with a 1-byte body (a code needs 2 bytes).",
            s => s.SendAsync(new Frame(Opcode.Close, [0x03])),
            Expect.Fails(1002));

        yield return new ConformanceCase(
            "7.3.3", "Close1000NoReason_Echoed", "Send a close frame with code 1000 and no reason.",
            s => s.SendCloseAsync(1000),
            Expect.CloseEchoed(1000, string.Empty));

        yield return new ConformanceCase(
            "7.3.4", "Close1000WithReason_EchoedWithReason", "Send a close frame with code 1000 and a short reason.",
            s => s.SendCloseAsync(1000, "Hello World!"),
            Expect.CloseEchoed(1000, "Hello World!"));

        var longest = new string('*', 123);
        yield return new ConformanceCase(
            "7.3.5", "Close1000With123ByteReason_Echoed", "Send a close frame with code 1000 and a 123-byte reason (a 125-byte body).",
            s => s.SendCloseAsync(1000, longest),
            Expect.CloseEchoed(1000, longest));

        yield return new ConformanceCase(
            "7.3.6", "Close1000With124ByteReason_Closes1002", "Send a close frame with code 1000 and a 124-byte reason (126 bytes, too long).",
            s => s.SendCloseAsync(1000, new string('*', 124)),
            Expect.Fails(1002));

        yield return new ConformanceCase(
            "7.5.1", "CloseReasonInvalidUtf8_Closes1007", "Send a close frame with code 1000 and a reason that is not UTF-8.",
            s => s.SendAsync(new Frame(Opcode.Close, FrameEncoder.ClosePayload(1000, Payloads.Concat(Payloads.Utf8("κόσμε"), Payloads.Hex("ED A0 80"), Payloads.Utf8("edited"))))),
            Expect.Fails(1007).OrNonStrictCode(1002).NonStrict("ManagedWebSocket fails a close reason that is not UTF-8 with 1002, not 1007"));

        for (var i = 0; i < ValidCodes.Length; i++)
        {
            var code = ValidCodes[i];
            yield return new ConformanceCase(
                $"7.7.{i + 1}", $"CloseWithCode{code}_Echoed{code}", $"Send a close frame with valid code {code}: the server echoes it.",
                s => s.SendCloseAsync(code, "reason"),
                Expect.CloseEchoed(code, "reason"));
        }

        for (var i = 0; i < InvalidCodes.Length; i++)
        {
            var code = InvalidCodes[i];
            yield return new ConformanceCase(
                $"7.9.{i + 1}", $"CloseWithInvalidCode{code}_Closes1002", $"Send a close frame with code {code}, which may not be sent (RFC 6455 section 7.4).",
                s => s.SendAsync(new Frame(Opcode.Close, FrameEncoder.ClosePayload(code))),
                Expect.Fails(1002));
        }

        foreach (var (id, code) in new[] { ("7.13.1", 5000), ("7.13.2", 65535) })
        {
            yield return new ConformanceCase(
                id, $"CloseWithCode{code}_Informational", $"Send a close frame with code {code}, outside the ranges RFC 6455 section 7.4.2 defines.",
                s => s.SendAsync(new Frame(Opcode.Close, FrameEncoder.ClosePayload(code, Encoding.UTF8.GetBytes("reason")))),
                Expect.Informational("RFC 6455 does not say what to do with codes of 5000 and above", ClosedBy.Server, 1002));
        }
    }
}
