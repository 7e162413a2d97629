using WsGate.ConformanceTests.Client;

namespace WsGate.ConformanceTests.Cases.Sections;

/// <summary>
/// Autobahn section 5: fragmentation (RFC 6455 section 5.4). Control frames must not be fragmented, may come between the
/// fragments of a message, a continuation needs a message to continue, and a new data frame may not start before the
/// current message ends. 5.21-5.23 are WsGate additions for binary messages. The echo endpoint streams, so when the
/// fault is in a later fragment the first ones have already been echoed: that is the NonStrict reason below.
/// </summary>
public static class FragmentationCases
{
    private const string StreamedReason = "the echo streams frames, so the first fragment was echoed before the faulty frame arrived";

    public static IEnumerable<ConformanceCase> All()
    {
        yield return new ConformanceCase(
            "5.1", "PingFragmented_Closes1002", "Send a ping in two fragments.",
            s => s.SendAsync([new Frame(Opcode.Ping, Payloads.Utf8("fragment1"), Fin: false), new Frame(Opcode.Continuation, Payloads.Utf8("fragment2"))]),
            Expect.Fails(1002));

        yield return new ConformanceCase(
            "5.2", "PongFragmented_Closes1002", "Send a pong in two fragments.",
            s => s.SendAsync([new Frame(Opcode.Pong, Payloads.Utf8("fragment1"), Fin: false), new Frame(Opcode.Continuation, Payloads.Utf8("fragment2"))]),
            Expect.Fails(1002));

        yield return new ConformanceCase(
            "5.3", "TextTwoFragments_Echoed", "Send a text message in two fragments, in one write.",
            s => s.SendAsync(TwoFragments(Opcode.Text)),
            Expect.Echo(EchoMessage.Text("fragment1fragment2")));

        yield return new ConformanceCase(
            "5.4", "TextTwoFragmentsFrameByFrame_Echoed", "Send a text message in two fragments, one write per frame.",
            async s =>
            {
                foreach (var frame in TwoFragments(Opcode.Text))
                {
                    await s.SendAsync(frame);
                }
            },
            Expect.Echo(EchoMessage.Text("fragment1fragment2")));

        yield return new ConformanceCase(
            "5.5", "TextTwoFragmentsChopped1_Echoed", "Send a text message in two fragments, one byte at a time.",
            s => s.SendAsync(TwoFragments(Opcode.Text), chop: 1),
            Expect.Echo(EchoMessage.Text("fragment1fragment2")));

        var pingBetween = new[]
        {
            new Frame(Opcode.Text, Payloads.Utf8("fragment1"), Fin: false),
            new Frame(Opcode.Ping, Payloads.Utf8("ping payload")),
            new Frame(Opcode.Continuation, Payloads.Utf8("fragment2")),
        };
        yield return new ConformanceCase(
            "5.6", "TextTwoFragmentsPingBetween_PongThenEcho", "Send a text message in two fragments with a ping between them, in one write.",
            s => s.SendAsync(pingBetween),
            Expect.Echo(EchoMessage.Pong("ping payload"), EchoMessage.Text("fragment1fragment2")));

        yield return new ConformanceCase(
            "5.7", "TextTwoFragmentsPingBetweenFrameByFrame_PongThenEcho", "As 5.6, one write per frame.",
            async s =>
            {
                foreach (var frame in pingBetween)
                {
                    await s.SendAsync(frame);
                }
            },
            Expect.Echo(EchoMessage.Pong("ping payload"), EchoMessage.Text("fragment1fragment2")));

        yield return new ConformanceCase(
            "5.8", "TextTwoFragmentsPingBetweenChopped1_PongThenEcho", "As 5.6, one byte at a time.",
            s => s.SendAsync(pingBetween, chop: 1),
            Expect.Echo(EchoMessage.Pong("ping payload"), EchoMessage.Text("fragment1fragment2")));

        var chops = new[] { ("OneWrite", -1), ("FrameByFrame", 0), ("Chopped1", 1) };
        for (var i = 0; i < chops.Length; i++)
        {
            var (how, chop) = chops[i];
            yield return new ConformanceCase(
                $"5.{9 + i}", $"ContinuationFinWithNothingToContinue{how}_Closes1002",
                $"Send a continuation frame with FIN = 1 where there is nothing to continue, then a text message ({how}).",
                s => SendAsync(s, [new Frame(Opcode.Continuation, Payloads.Utf8("non-continuation payload")), new Frame(Opcode.Text, Payloads.Utf8("Hello, world!"))], chop),
                Expect.Fails(1002));
        }

        for (var i = 0; i < chops.Length; i++)
        {
            var (how, chop) = chops[i];
            yield return new ConformanceCase(
                $"5.{12 + i}", $"ContinuationNoFinWithNothingToContinue{how}_Closes1002",
                $"Send a continuation frame with FIN = 0 where there is nothing to continue, then a text message ({how}).",
                s => SendAsync(s, [new Frame(Opcode.Continuation, Payloads.Utf8("non-continuation payload"), Fin: false), new Frame(Opcode.Text, Payloads.Utf8("Hello, world!"))], chop),
                Expect.Fails(1002));
        }

        yield return new ConformanceCase(
            "5.15", "TextTwoFragmentsThenStrayContinuation_EchoThenCloses1002",
            "Send a text message in two fragments, then a continuation with FIN = 0 and nothing to continue, then a text message, in one write.",
            s => s.SendAsync([
                .. TwoFragments(Opcode.Text),
                new Frame(Opcode.Continuation, Payloads.Utf8("fragment3"), Fin: false),
                new Frame(Opcode.Text, Payloads.Utf8("fragment4")),
            ]),
            Expect.Fails(1002, EchoMessage.Text("fragment1fragment2")));

        yield return new ConformanceCase(
            "5.16", "StrayContinuationNoFinBeforeMessages_Closes1002",
            "Twice: a continuation with FIN = 0 and nothing to continue, then a text message in two fragments, in one write.",
            s => s.SendAsync([
                new Frame(Opcode.Continuation, Payloads.Utf8("fragment1"), Fin: false),
                .. TwoFragments(Opcode.Text),
                new Frame(Opcode.Continuation, Payloads.Utf8("fragment1"), Fin: false),
                .. TwoFragments(Opcode.Text),
            ]),
            Expect.Fails(1002));

        yield return new ConformanceCase(
            "5.17", "StrayContinuationFinBeforeMessages_Closes1002",
            "Twice: a continuation with FIN = 1 and nothing to continue, then a text message in two fragments, in one write.",
            s => s.SendAsync([
                new Frame(Opcode.Continuation, Payloads.Utf8("fragment1")),
                .. TwoFragments(Opcode.Text),
                new Frame(Opcode.Continuation, Payloads.Utf8("fragment1")),
                .. TwoFragments(Opcode.Text),
            ]),
            Expect.Fails(1002));

        yield return new ConformanceCase(
            "5.18", "TextFragmentThenNewText_Closes1002",
            "Send a text message in two fragments whose opcodes are both text (a new data frame inside an unfinished message).",
            s => s.SendAsync([new Frame(Opcode.Text, Payloads.Utf8("fragment1"), Fin: false), new Frame(Opcode.Text, Payloads.Utf8("fragment2"))]),
            Expect.Fails(1002).NonStrict(StreamedReason));

        yield return new ConformanceCase(
            "5.19", "TextFiveFragmentsTwoPingsWithPauses_PongsThenEcho",
            "Send a text message in five fragments with a ping after the first and the fourth, waiting for each pong before going on.",
            async s =>
            {
                await s.SendAsync([new Frame(Opcode.Text, Payloads.Utf8("fragment1"), Fin: false), new Frame(Opcode.Ping, Payloads.Utf8("pongme 1!"))]);
                await s.WaitForMessagesAsync(1, TimeSpan.FromSeconds(2));
                await s.SendAsync([
                    new Frame(Opcode.Continuation, Payloads.Utf8("fragment2"), Fin: false),
                    new Frame(Opcode.Continuation, Payloads.Utf8("fragment3"), Fin: false),
                    new Frame(Opcode.Continuation, Payloads.Utf8("fragment4"), Fin: false),
                    new Frame(Opcode.Ping, Payloads.Utf8("pongme 2!")),
                ]);
                await s.WaitForMessagesAsync(2, TimeSpan.FromSeconds(2));
                await s.SendAsync(new Frame(Opcode.Continuation, Payloads.Utf8("fragment5")));
            },
            Expect.Echo(EchoMessage.Pong("pongme 1!"), EchoMessage.Pong("pongme 2!"), EchoMessage.Text("fragment1fragment2fragment3fragment4fragment5")));

        yield return new ConformanceCase(
            "5.20", "TextFiveFragmentsTwoPingsChopped1_PongsThenEcho",
            "As 5.19 without pauses, one byte at a time.",
            s => s.SendAsync(
                [
                    new Frame(Opcode.Text, Payloads.Utf8("fragment1"), Fin: false),
                    new Frame(Opcode.Ping, Payloads.Utf8("pongme 1!")),
                    new Frame(Opcode.Continuation, Payloads.Utf8("fragment2"), Fin: false),
                    new Frame(Opcode.Continuation, Payloads.Utf8("fragment3"), Fin: false),
                    new Frame(Opcode.Continuation, Payloads.Utf8("fragment4"), Fin: false),
                    new Frame(Opcode.Ping, Payloads.Utf8("pongme 2!")),
                    new Frame(Opcode.Continuation, Payloads.Utf8("fragment5")),
                ],
                chop: 1),
            Expect.Echo(EchoMessage.Pong("pongme 1!"), EchoMessage.Pong("pongme 2!"), EchoMessage.Text("fragment1fragment2fragment3fragment4fragment5")));

        yield return new ConformanceCase(
            "5.21", "BinaryTwoFragments_Echoed", "Send a binary message in two fragments (WsGate addition).",
            s => s.SendAsync([new Frame(Opcode.Binary, Payloads.Binary(300)[..100], Fin: false), new Frame(Opcode.Continuation, Payloads.Binary(300)[100..])]),
            Expect.Echo(EchoMessage.Binary(Payloads.Binary(300))));

        yield return new ConformanceCase(
            "5.22", "BinaryThreeFragmentsPingBetween_PongThenEcho", "Send a binary message in three fragments with a ping after the first (WsGate addition).",
            s => s.SendAsync([
                new Frame(Opcode.Binary, Payloads.Binary(300)[..100], Fin: false),
                new Frame(Opcode.Ping, Payloads.Utf8("ping payload")),
                new Frame(Opcode.Continuation, Payloads.Binary(300)[100..200], Fin: false),
                new Frame(Opcode.Continuation, Payloads.Binary(300)[200..]),
            ]),
            Expect.Echo(EchoMessage.Pong("ping payload"), EchoMessage.Binary(Payloads.Binary(300))));

        yield return new ConformanceCase(
            "5.23", "BinaryFragmentThenNewText_Closes1002",
            "Send a binary fragment with FIN = 0, then a text frame before the binary message ended (WsGate addition).",
            s => s.SendAsync([new Frame(Opcode.Binary, Payloads.Binary(10), Fin: false), new Frame(Opcode.Text, Payloads.Utf8("Hello"))]),
            Expect.Fails(1002).NonStrict(StreamedReason));
    }

    private static Frame[] TwoFragments(Opcode opcode) =>
    [
        new Frame(opcode, Payloads.Utf8("fragment1"), Fin: false),
        new Frame(Opcode.Continuation, Payloads.Utf8("fragment2")),
    ];

    /// <summary>chop -1: all frames in one write; 0: one write per frame; n: writes of n bytes.</summary>
    private static async Task SendAsync(Runner.CaseSession session, Frame[] frames, int chop)
    {
        if (chop == 0)
        {
            foreach (var frame in frames)
            {
                await session.SendAsync(frame);
            }

            return;
        }

        await session.SendAsync(frames, Math.Max(chop, 0));
    }
}
