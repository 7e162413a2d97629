using WsGate.ConformanceTests.Client;

namespace WsGate.ConformanceTests.Cases.Sections;

/// <summary>
/// Autobahn section 9 (limits and performance), reduced to what WsGate promises: 1 MiB and 4 MiB messages are echoed
/// whole, in one frame or many; a message over the listener's max message size (16 MiB by default) is refused with
/// 1009 (RFC 6455 section 7.4.1). 9.3.10, 9.4.10 and 9.9.x are WsGate additions.
/// </summary>
public static class LargeMessageCases
{
    private const int MiB = 1024 * 1024;

    /// <summary>The default listener's max message size (ListenerConfig.DefaultMaxMessageSize).</summary>
    private const int MaxMessageSize = 16 * MiB;

    public static IEnumerable<ConformanceCase> All()
    {
        foreach (var (id, size) in new[] { ("3", MiB), ("4", 4 * MiB) })
        {
            yield return new ConformanceCase(
                $"9.1.{id}", $"Text{size / MiB}MiBOneFrame_Echoed", $"Send a {size / MiB} MiB text message in one frame.",
                s => s.SendTextAsync(Payloads.Text(size)),
                Expect.Echo(EchoMessage.Text(Payloads.Text(size))));

            yield return new ConformanceCase(
                $"9.2.{id}", $"Binary{size / MiB}MiBOneFrame_Echoed", $"Send a {size / MiB} MiB binary message in one frame.",
                s => s.SendBinaryAsync(Payloads.Binary(size)),
                Expect.Echo(EchoMessage.Binary(Payloads.Binary(size))));
        }

        foreach (var (id, fragment) in new[] { ("4", 4 * 1024), ("6", 64 * 1024) })
        {
            yield return new ConformanceCase(
                $"9.3.{id}", $"Text4MiBIn{fragment / 1024}KiBFragments_Echoed", $"Send a 4 MiB text message in fragments of {fragment / 1024} KiB.",
                s => s.SendFragmentedAsync(Opcode.Text, Payloads.Text(4 * MiB), fragment),
                Expect.Echo(EchoMessage.Text(Payloads.Text(4 * MiB))));

            yield return new ConformanceCase(
                $"9.4.{id}", $"Binary4MiBIn{fragment / 1024}KiBFragments_Echoed", $"Send a 4 MiB binary message in fragments of {fragment / 1024} KiB.",
                s => s.SendFragmentedAsync(Opcode.Binary, Payloads.Binary(4 * MiB), fragment),
                Expect.Echo(EchoMessage.Binary(Payloads.Binary(4 * MiB))));
        }

        yield return new ConformanceCase(
            "9.3.10", "Text1MiBIn1KiBFragments_Echoed", "Send a 1 MiB text message in 1024 fragments of 1 KiB.",
            s => s.SendFragmentedAsync(Opcode.Text, Payloads.Text(MiB), 1024),
            Expect.Echo(EchoMessage.Text(Payloads.Text(MiB))));

        yield return new ConformanceCase(
            "9.4.10", "Binary1MiBIn1KiBFragments_Echoed", "Send a 1 MiB binary message in 1024 fragments of 1 KiB.",
            s => s.SendFragmentedAsync(Opcode.Binary, Payloads.Binary(MiB), 1024),
            Expect.Echo(EchoMessage.Binary(Payloads.Binary(MiB))));

        const string TooBigReason = "the echo streams frames, so up to the limit of the message was echoed before the 1009 close";
        yield return new ConformanceCase(
            "9.9.1", "TextOverMaxMessageSizeIn64KiBFragments_Closes1009", "Send a text message of 16 MiB + 1 byte in 64 KiB fragments.",
            s => s.SendFragmentedAsync(Opcode.Text, Payloads.Text(MaxMessageSize + 1), 64 * 1024),
            Expect.Fails(1009).NonStrict(TooBigReason));

        yield return new ConformanceCase(
            "9.9.2", "BinaryOverMaxMessageSizeOneFrame_Closes1009", "Send a binary message of 16 MiB + 1 byte in one frame.",
            s => s.SendBinaryAsync(Payloads.Binary(MaxMessageSize + 1)),
            Expect.Fails(1009).NonStrict(TooBigReason));
    }
}
