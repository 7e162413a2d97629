using WsGate.ConformanceTests.Client;

namespace WsGate.ConformanceTests.Cases.Sections;

/// <summary>
/// Autobahn section 4: the reserved opcodes (RFC 6455 section 5.2: 3-7 non-control, 11-15 control) fail the connection
/// with 1002; messages sent before the bad frame are still echoed.
/// </summary>
public static class OpcodeCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        foreach (var (group, first) in new[] { (1, 3), (2, 11) })
        {
            var kind = group == 1 ? "NonControl" : "Control";
            yield return new ConformanceCase(
                $"4.{group}.1", $"Opcode{first}_Closes1002", $"Send a frame with reserved {kind.ToLowerInvariant()} opcode {first}, no payload.",
                s => s.SendAsync(new Frame((Opcode)first, [])),
                Expect.Fails(1002));

            yield return new ConformanceCase(
                $"4.{group}.2", $"Opcode{first + 1}WithPayload_Closes1002", $"Send a frame with reserved opcode {first + 1} and a payload.",
                s => s.SendAsync(new Frame((Opcode)(first + 1), Payloads.Utf8("reserved opcode payload"))),
                Expect.Fails(1002));

            yield return new ConformanceCase(
                $"4.{group}.3", $"TextThenOpcode{first + 2}ThenPing_Closes1002", $"Send a text message, then a frame with opcode {first + 2}, then a ping, frame by frame.",
                async s =>
                {
                    await s.SendTextAsync("Hello, world!");
                    await s.SendAsync(new Frame((Opcode)(first + 2), []));
                    await s.SendPingAsync([]);
                },
                Expect.Fails(1002, EchoMessage.Text("Hello, world!")));

            yield return new ConformanceCase(
                $"4.{group}.4", $"TextThenOpcode{first + 3}WithPayloadThenPing_Closes1002", $"Send a text message, then opcode {first + 3} with a payload, then a ping, in one write.",
                s => s.SendAsync([
                    new Frame(Opcode.Text, Payloads.Utf8("Hello, world!")),
                    new Frame((Opcode)(first + 3), Payloads.Utf8("reserved opcode payload")),
                    new Frame(Opcode.Ping, [])]),
                Expect.Fails(1002, EchoMessage.Text("Hello, world!")));

            yield return new ConformanceCase(
                $"4.{group}.5", $"TextThenOpcode{first + 4}ThenPingChopped1_Closes1002", $"Send a text message, then opcode {first + 4} with a payload, then a ping, one byte at a time.",
                s => s.SendAsync(
                    [
                        new Frame(Opcode.Text, Payloads.Utf8("Hello, world!")),
                        new Frame((Opcode)(first + 4), Payloads.Utf8("reserved opcode payload")),
                        new Frame(Opcode.Ping, []),
                    ],
                    chop: 1),
                Expect.Fails(1002, EchoMessage.Text("Hello, world!")));
        }
    }
}
