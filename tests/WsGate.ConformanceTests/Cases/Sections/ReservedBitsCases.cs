using WsGate.ConformanceTests.Client;

namespace WsGate.ConformanceTests.Cases.Sections;

/// <summary>
/// Autobahn section 3: RSV1-3 must be 0 unless an extension defines them (RFC 6455 section 5.2); WsGate negotiates no
/// extension, so any reserved bit fails the connection with 1002. RSV is written as a number: 4 = RSV1, 2 = RSV2, 1 = RSV3.
/// </summary>
public static class ReservedBitsCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return new ConformanceCase(
            "3.1", "TextRsv1_Closes1002", "Send a small text message with RSV = 1.",
            s => s.SendAsync(new Frame(Opcode.Text, Payloads.Utf8("Hello, world!"), Rsv: 1)),
            Expect.Fails(1002));

        yield return new ConformanceCase(
            "3.2", "TextThenTextRsv2ThenPing_Closes1002", "Send a text message, then one with RSV = 2, then a ping, frame by frame.",
            async s =>
            {
                await s.SendTextAsync("Hello, world!");
                await s.SendAsync(new Frame(Opcode.Text, Payloads.Utf8("Hello, world!"), Rsv: 2));
                await s.SendPingAsync([]);
            },
            Expect.Fails(1002, EchoMessage.Text("Hello, world!")));

        yield return new ConformanceCase(
            "3.3", "TextThenTextRsv3ThenPingOneWrite_Closes1002", "Send a text message, then one with RSV = 3, then a ping, in one write.",
            s => s.SendAsync([
                new Frame(Opcode.Text, Payloads.Utf8("Hello, world!")),
                new Frame(Opcode.Text, Payloads.Utf8("Hello, world!"), Rsv: 3),
                new Frame(Opcode.Ping, [])]),
            Expect.Fails(1002, EchoMessage.Text("Hello, world!")));

        yield return new ConformanceCase(
            "3.4", "TextThenTextRsv4ThenPingChopped1_Closes1002", "Send a text message, then one with RSV = 4 (RSV1), then a ping, one byte at a time.",
            s => s.SendAsync(
                [
                    new Frame(Opcode.Text, Payloads.Utf8("Hello, world!")),
                    new Frame(Opcode.Text, Payloads.Utf8("Hello, world!"), Rsv: 4),
                    new Frame(Opcode.Ping, []),
                ],
                chop: 1),
            Expect.Fails(1002, EchoMessage.Text("Hello, world!")));

        yield return new ConformanceCase(
            "3.5", "BinaryRsv5_Closes1002", "Send a small binary message with RSV = 5.",
            s => s.SendAsync(new Frame(Opcode.Binary, Payloads.Binary(8), Rsv: 5)),
            Expect.Fails(1002));

        yield return new ConformanceCase(
            "3.6", "PingRsv6_Closes1002", "Send a ping with RSV = 6.",
            s => s.SendAsync(new Frame(Opcode.Ping, Payloads.Utf8("Hello, world!"), Rsv: 6)),
            Expect.Fails(1002));

        yield return new ConformanceCase(
            "3.7", "CloseRsv7_Closes1002", "Send a close frame with RSV = 7.",
            s => s.SendAsync(new Frame(Opcode.Close, FrameEncoder.ClosePayload(1000), Rsv: 7)),
            Expect.Fails(1002));
    }
}
