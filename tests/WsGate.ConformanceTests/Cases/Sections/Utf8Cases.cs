using WsGate.ConformanceTests.Client;

namespace WsGate.ConformanceTests.Cases.Sections;

/// <summary>
/// Autobahn section 6: text messages must be valid UTF-8 (RFC 6455 sections 5.6 and 8.1, RFC 3629), checked across
/// fragments; invalid text fails the connection with 1007. Valid text, including code points split across fragments,
/// is echoed. The echo streams, so fragments before the invalid one have already been echoed (NonStrict).
/// </summary>
public static class Utf8Cases
{
    private const string StreamedReason = "the echo streams frames, so the valid fragments before the invalid one were echoed before the close";
    private const string Kosme = "κόσμε";

    /// <summary>Valid sequences at the boundaries of RFC 3629, each sent as one text frame and echoed unchanged.</summary>
    private static readonly (string Id, string Name, string Hex)[] Valid =
    [
        ("6.5.1", "Kosme", "CE BA E1 BD B9 CF 83 CE BC CE B5"),
        ("6.7.1", "FirstOneByteU0000", "00"),
        ("6.7.2", "FirstTwoByteU0080", "C2 80"),
        ("6.7.3", "FirstThreeByteU0800", "E0 A0 80"),
        ("6.7.4", "FirstFourByteU10000", "F0 90 80 80"),
        ("6.9.1", "LastOneByteU007F", "7F"),
        ("6.9.2", "LastTwoByteU07FF", "DF BF"),
        ("6.9.3", "LastThreeByteUFFFF", "EF BF BF"),
        ("6.9.4", "LastCodePointU10FFFF", "F4 8F BF BF"),
        ("6.11.1", "BeforeSurrogatesUD7FF", "ED 9F BF"),
        ("6.11.2", "AfterSurrogatesUE000", "EE 80 80"),
        ("6.11.3", "ReplacementCharUFFFD", "EF BF BD"),
        ("6.22.1", "NoncharacterUFFFE", "EF BF BE"),
        ("6.22.2", "NoncharacterU1FFFF", "F0 9F BF BF"),
    ];

    /// <summary>Invalid sequences, each sent as one text frame; the server must fail the connection with 1007.</summary>
    private static readonly (string Id, string Name, string Hex)[] Invalid =
    [
        ("6.6.1", "TruncatedKosme1Byte", "CE"),
        ("6.6.2", "TruncatedKosme3Bytes", "CE BA E1"),
        ("6.6.3", "TruncatedKosme4Bytes", "CE BA E1 BD"),
        ("6.6.4", "TruncatedKosme6Bytes", "CE BA E1 BD B9 CF"),
        ("6.8.1", "FiveByteSequence", "F8 88 80 80 80"),
        ("6.8.2", "SixByteSequence", "FC 84 80 80 80 80"),
        ("6.11.4", "AboveU10FFFF", "F4 90 80 80"),
        ("6.11.5", "U1FFFFF", "F7 BF BF BF"),
        ("6.12.1", "LoneContinuation80", "80"),
        ("6.12.2", "LoneContinuationBF", "BF"),
        ("6.12.3", "ContinuationRun", "80 BF 80 BF"),
        ("6.13.1", "LonelyTwoByteStart", "C0 20"),
        ("6.13.2", "LonelyThreeByteStart", "E0 20"),
        ("6.13.3", "LonelyFourByteStart", "F0 20"),
        ("6.14.1", "TwoByteMissingLast", "C2"),
        ("6.14.2", "ThreeByteMissingLast", "E0 A0"),
        ("6.14.3", "FourByteMissingLast", "F0 90 80"),
        ("6.16.1", "ImpossibleFE", "FE"),
        ("6.16.2", "ImpossibleFF", "FF"),
        ("6.16.3", "ImpossibleFEFEFFFF", "FE FE FF FF"),
        ("6.17.1", "OverlongSlash2Bytes", "C0 AF"),
        ("6.17.2", "OverlongSlash3Bytes", "E0 80 AF"),
        ("6.17.3", "OverlongSlash4Bytes", "F0 80 80 AF"),
        ("6.18.1", "MaxOverlong2Bytes", "C1 BF"),
        ("6.18.2", "MaxOverlong3Bytes", "E0 9F BF"),
        ("6.18.3", "MaxOverlong4Bytes", "F0 8F BF BF"),
        ("6.19.1", "OverlongNul2Bytes", "C0 80"),
        ("6.19.2", "OverlongNul3Bytes", "E0 80 80"),
        ("6.20.1", "SurrogateUD800", "ED A0 80"),
        ("6.20.2", "SurrogateUDB7F", "ED AD BF"),
        ("6.20.3", "SurrogateUDFFF", "ED BF BF"),
        ("6.21.1", "PairedSurrogatesUD800UDC00", "ED A0 80 ED B0 80"),
    ];

    public static IEnumerable<ConformanceCase> All()
    {
        yield return new ConformanceCase(
            "6.1.1", "EmptyText_Echoed", "Send an empty text message.",
            s => s.SendTextAsync([]),
            Expect.Echo(EchoMessage.Text(string.Empty)));

        yield return new ConformanceCase(
            "6.1.2", "EmptyTextInThreeEmptyFragments_Echoed", "Send a text message as three empty fragments.",
            s => s.SendAsync([new Frame(Opcode.Text, [], Fin: false), new Frame(Opcode.Continuation, [], Fin: false), new Frame(Opcode.Continuation, [])]),
            Expect.Echo(EchoMessage.Text(string.Empty)));

        yield return new ConformanceCase(
            "6.1.3", "TextEmptyMiddleEmptyFragments_Echoed", "Send a text message as an empty fragment, a non-empty one and an empty one.",
            s => s.SendAsync([new Frame(Opcode.Text, [], Fin: false), new Frame(Opcode.Continuation, Payloads.Utf8("middle frame payload"), Fin: false), new Frame(Opcode.Continuation, [])]),
            Expect.Echo(EchoMessage.Text("middle frame payload")));

        const string Mixed = "Hello-µ@ßöäüàá-UTF-8!!";
        yield return new ConformanceCase(
            "6.2.1", "ValidMultibyteOneFrame_Echoed", $"Send \"{Mixed}\" in one frame.",
            s => s.SendTextAsync(Mixed),
            Expect.Echo(EchoMessage.Text(Mixed)));

        yield return new ConformanceCase(
            "6.2.2", "ValidMultibyteSplitOnCodePoints_Echoed", $"Send \"{Mixed}\" in two fragments split on a code point boundary.",
            s => s.SendAsync([new Frame(Opcode.Text, Payloads.Utf8("Hello-µ@ßöä"), Fin: false), new Frame(Opcode.Continuation, Payloads.Utf8("üàá-UTF-8!!"))]),
            Expect.Echo(EchoMessage.Text(Mixed)));

        yield return new ConformanceCase(
            "6.2.3", "ValidMultibyteOneByteFragments_Echoed", $"Send \"{Mixed}\" as one-byte fragments, splitting code points.",
            s => SendInFragmentsAsync(s, Payloads.Utf8(Mixed), 1),
            Expect.Echo(EchoMessage.Text(Mixed)));

        yield return new ConformanceCase(
            "6.2.4", "KosmeOneByteFragments_Echoed", $"Send \"{Kosme}\" as one-byte fragments, splitting every code point.",
            s => SendInFragmentsAsync(s, Payloads.Utf8(Kosme), 1),
            Expect.Echo(EchoMessage.Text(Kosme)));

        yield return new ConformanceCase(
            "6.2.5", "FourByteCodePointSplitInTwo_Echoed", "Send U+1F600 (4 bytes) split 2 + 2 across fragments (WsGate addition).",
            s => s.SendAsync([new Frame(Opcode.Text, Payloads.Hex("F0 9F"), Fin: false), new Frame(Opcode.Continuation, Payloads.Hex("98 80"))]),
            Expect.Echo(EchoMessage.Text(Payloads.Hex("F0 9F 98 80"))));

        var invalidKosme = Payloads.Concat(Payloads.Utf8(Kosme), Payloads.Hex("ED A0 80"), Payloads.Utf8("edited"));
        yield return new ConformanceCase(
            "6.3.1", "InvalidSurrogateInsideTextOneFrame_Closes1007", "Send \"κόσμε\" + U+D800 (ED A0 80) + \"edited\" in one frame.",
            s => s.SendTextAsync(invalidKosme),
            Expect.Fails(1007));

        yield return new ConformanceCase(
            "6.3.2", "InvalidSurrogateInsideTextOneByteFragments_Closes1007", "As 6.3.1, as one-byte fragments.",
            s => SendInFragmentsAsync(s, invalidKosme, 1),
            Expect.Fails(1007).NonStrict(StreamedReason));

        yield return new ConformanceCase(
            "6.4.1", "InvalidMiddleFragment_FailsFast1007",
            "Send a text message in three fragments, the second invalid (U+110000); the server must fail before the third is sent.",
            async s =>
            {
                await s.SendAsync(new Frame(Opcode.Text, Payloads.Utf8(Kosme), Fin: false));
                await s.SendAsync(new Frame(Opcode.Continuation, Payloads.Hex("F4 90 80 80"), Fin: false));
                await s.WaitForServerCloseAsync(TimeSpan.FromSeconds(2));
                await s.SendAsync(new Frame(Opcode.Continuation, Payloads.Utf8("edited")));
            },
            Expect.Fails(1007).NonStrict(StreamedReason));

        yield return new ConformanceCase(
            "6.4.2", "InvalidByteAfterSplitCodePoint_FailsFast1007",
            "Send \"κόσμε\" + F4 | 90 | 80 80 \"edited\" as three fragments: the code point started in the first is invalid in the second.",
            async s =>
            {
                await s.SendAsync(new Frame(Opcode.Text, Payloads.Concat(Payloads.Utf8(Kosme), Payloads.Hex("F4")), Fin: false));
                await s.SendAsync(new Frame(Opcode.Continuation, Payloads.Hex("90"), Fin: false));
                await s.WaitForServerCloseAsync(TimeSpan.FromSeconds(2));
                await s.SendAsync(new Frame(Opcode.Continuation, Payloads.Concat(Payloads.Hex("80 80"), Payloads.Utf8("edited"))));
            },
            Expect.Fails(1007).NonStrict(StreamedReason));

        yield return new ConformanceCase(
            "6.4.3", "CodePointTruncatedAtMessageEnd_Closes1007",
            "Send \"κόσμ\" + CE (the first byte of ε) with FIN = 0, then an empty final fragment: the message ends inside a code point.",
            s => s.SendAsync([new Frame(Opcode.Text, Payloads.Concat(Payloads.Utf8("κόσμ"), Payloads.Hex("CE")), Fin: false), new Frame(Opcode.Continuation, [])]),
            Expect.Fails(1007).KnownFailure(
                "ManagedWebSocket does not check for an unfinished code point when the final fragment is empty, so the invalid text is echoed whole"));

        foreach (var (id, name, hex) in Valid)
        {
            yield return new ConformanceCase(
                id, $"Valid{name}_Echoed", $"Send valid UTF-8 {hex} as one text frame.",
                s => s.SendTextAsync(Payloads.Hex(hex)),
                Expect.Echo(EchoMessage.Text(Payloads.Hex(hex))));
        }

        foreach (var (id, name, hex) in Invalid)
        {
            yield return new ConformanceCase(
                id, $"Invalid{name}_Closes1007", $"Send invalid UTF-8 {hex} as one text frame.",
                s => s.SendTextAsync(Payloads.Hex(hex)),
                Expect.Fails(1007));
        }
    }

    private static async Task SendInFragmentsAsync(Runner.CaseSession session, byte[] payload, int size)
    {
        await session.SendFragmentedAsync(Opcode.Text, payload, size);
    }
}
