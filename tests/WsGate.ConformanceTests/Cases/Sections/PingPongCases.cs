using WsGate.ConformanceTests.Client;

namespace WsGate.ConformanceTests.Cases.Sections;

/// <summary>
/// Autobahn section 2: a ping is answered by a pong with the same payload (RFC 6455 section 5.5.2), control payloads are
/// at most 125 bytes (section 5.5), unsolicited pongs are ignored (section 5.5.3). Fragmented pings are 5.1 and 5.2.
/// </summary>
public static class PingPongCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return new ConformanceCase(
            "2.1", "PingEmpty_Pong", "Send a ping without payload.",
            s => s.SendPingAsync([]),
            Expect.Echo(EchoMessage.Pong([])));

        yield return new ConformanceCase(
            "2.2", "PingTextPayload_PongSamePayload", "Send a ping with a small text payload.",
            s => s.SendPingAsync(Payloads.Utf8("Hello, world!")),
            Expect.Echo(EchoMessage.Pong("Hello, world!")));

        yield return new ConformanceCase(
            "2.3", "PingBinaryPayload_PongSamePayload", "Send a ping with a small binary payload that is not UTF-8.",
            s => s.SendPingAsync(Payloads.Hex("00 FF FE FD FC FB 00 FF")),
            Expect.Echo(EchoMessage.Pong(Payloads.Hex("00 FF FE FD FC FB 00 FF"))));

        yield return new ConformanceCase(
            "2.4", "Ping125Bytes_Pong", "Send a ping with the largest allowed payload, 125 bytes.",
            s => s.SendPingAsync(Payloads.Binary(125)),
            Expect.Echo(EchoMessage.Pong(Payloads.Binary(125))));

        yield return new ConformanceCase(
            "2.5", "Ping126Bytes_Closes1002", "Send a ping with a 126-byte payload, one more than a control frame may carry.",
            s => s.SendPingAsync(Payloads.Binary(126)),
            Expect.Fails(1002));

        yield return new ConformanceCase(
            "2.6", "Ping125BytesChopped1_Pong", "Send a 125-byte ping written one byte at a time.",
            s => s.SendPingAsync(Payloads.Binary(125), chop: 1),
            Expect.Echo(EchoMessage.Pong(Payloads.Binary(125))));

        yield return new ConformanceCase(
            "2.7", "UnsolicitedPongEmpty_Ignored", "Send an unsolicited pong without payload.",
            s => s.SendAsync(new Frame(Opcode.Pong, [])),
            Expect.Echo());

        yield return new ConformanceCase(
            "2.8", "UnsolicitedPongWithPayload_Ignored", "Send an unsolicited pong with a payload.",
            s => s.SendAsync(new Frame(Opcode.Pong, Payloads.Utf8("unsolicited pong payload"))),
            Expect.Echo());

        yield return new ConformanceCase(
            "2.9", "UnsolicitedPongThenPing_OnePong", "Send an unsolicited pong, then a ping: only the ping is answered.",
            s => s.SendAsync([new Frame(Opcode.Pong, Payloads.Utf8("unsolicited pong payload")), new Frame(Opcode.Ping, Payloads.Utf8("ping payload"))]),
            Expect.Echo(EchoMessage.Pong("ping payload")));

        yield return new ConformanceCase(
            "2.10", "TenPings_TenPongs", "Send 10 pings with distinct payloads: 10 pongs in order.",
            async s =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await s.SendPingAsync(Payloads.Utf8($"payload-{i}"));
                }
            },
            Expect.Echo([.. Enumerable.Range(0, 10).Select(i => EchoMessage.Pong($"payload-{i}"))]));

        yield return new ConformanceCase(
            "2.11", "TenPingsChopped1_TenPongs", "Send 10 pings, each written one byte at a time.",
            async s =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await s.SendPingAsync(Payloads.Utf8($"payload-{i}"), chop: 1);
                }
            },
            Expect.Echo([.. Enumerable.Range(0, 10).Select(i => EchoMessage.Pong($"payload-{i}"))]));
    }
}
