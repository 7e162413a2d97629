using WsGate.ConformanceTests.Client;

namespace WsGate.ConformanceTests.Cases.Sections;

/// <summary>
/// Autobahn section 1: text (1.1.x) and binary (1.2.x) messages at every payload-length encoding boundary of RFC 6455
/// section 5.2 (7-bit, 16-bit and 64-bit lengths), echoed unchanged. 1.3.x (a WsGate addition) checks section 5.1: a
/// client frame that is not masked must be refused.
/// </summary>
public static class FramingCases
{
    private static readonly int[] Lengths = [0, 125, 126, 127, 128, 65535, 65536];

    public static IEnumerable<ConformanceCase> All()
    {
        for (var i = 0; i < Lengths.Length; i++)
        {
            var length = Lengths[i];
            yield return new ConformanceCase(
                $"1.1.{i + 1}",
                $"Text{length}Bytes_Echoed",
                $"Send a text message of {length} bytes.",
                s => s.SendTextAsync(Payloads.Text(length)),
                Expect.Echo(EchoMessage.Text(Payloads.Text(length))));
        }

        yield return new ConformanceCase(
            "1.1.8",
            "Text65536BytesChopped997_Echoed",
            "Send a text message of 65536 bytes, written to the socket in chops of 997 bytes.",
            s => s.SendTextAsync(Payloads.Text(65536), chop: 997),
            Expect.Echo(EchoMessage.Text(Payloads.Text(65536))));

        for (var i = 0; i < Lengths.Length; i++)
        {
            var length = Lengths[i];
            yield return new ConformanceCase(
                $"1.2.{i + 1}",
                $"Binary{length}Bytes_Echoed",
                $"Send a binary message of {length} bytes.",
                s => s.SendBinaryAsync(Payloads.Binary(length)),
                Expect.Echo(EchoMessage.Binary(Payloads.Binary(length))));
        }

        yield return new ConformanceCase(
            "1.2.8",
            "Binary65536BytesChopped997_Echoed",
            "Send a binary message of 65536 bytes, written to the socket in chops of 997 bytes.",
            s => s.SendBinaryAsync(Payloads.Binary(65536), chop: 997),
            Expect.Echo(EchoMessage.Binary(Payloads.Binary(65536))));

        yield return new ConformanceCase(
            "1.3.1",
            "UnmaskedText_Closes1002",
            "Send a text message without masking it (RFC 6455 section 5.1: the server must close, MAY with 1002).",
            s => s.SendAsync(new Frame(Opcode.Text, Payloads.Utf8("Hello"), Masked: false)),
            Expect.Fails(1002));

        yield return new ConformanceCase(
            "1.3.2",
            "TextThenUnmaskedBinary_Closes1002",
            "Send a masked text message, then an unmasked binary message.",
            s => s.SendAsync([new Frame(Opcode.Text, Payloads.Utf8("Hello")), new Frame(Opcode.Binary, Payloads.Binary(16), Masked: false)]),
            Expect.Fails(1002, EchoMessage.Text("Hello")));

        yield return new ConformanceCase(
            "1.3.3",
            "UnmaskedPing_Closes1002",
            "Send a ping without masking it.",
            s => s.SendAsync(new Frame(Opcode.Ping, Payloads.Utf8("ping"), Masked: false)),
            Expect.Fails(1002));
    }
}
