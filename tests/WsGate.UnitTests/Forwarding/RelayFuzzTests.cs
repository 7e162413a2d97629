using System.Net.Sockets;
using WsGate.Protocol;
using WsGate.UnitTests.Protocol;

namespace WsGate.UnitTests.Forwarding;

/// <summary>
/// Bounded mutation fuzzing of the frame reader and the relay: valid frame sequences with bits flipped, bytes dropped or
/// inserted and lengths pushed to their limits, fed in random pieces. Whatever comes, every read is a frame, a wait for
/// more bytes or a protocol violation, and a relay ends without an exception escaping it. FUZZ_ITERATIONS runs longer
/// (bench/run-fuzz.sh).
/// </summary>
public sealed class RelayFuzzTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), out var n) ? n : 300;

    private static byte[] ValidStream(Random random)
    {
        var frames = new List<byte>();
        var count = random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            var payload = new byte[random.Next(4) switch { 0 => 0, 1 => random.Next(1, 126), 2 => random.Next(126, 400), _ => random.Next(65536, 70000) }];
            random.NextBytes(payload);
            frames.AddRange(random.Next(5) switch
            {
                0 => Frames.Client(Opcode.Ping, payload.AsSpan(0, Math.Min(payload.Length, 125))),
                1 => Frames.Client(Opcode.Text, "valid text"u8),
                _ => Frames.Client(Opcode.Binary, payload),
            });
        }

        return [.. frames];
    }

    private static byte[] Mutate(byte[] data, Random random)
    {
        var bytes = data.ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 3:
                    // A length near its limits: 125/126/127 markers and the largest 64-bit values.
                    bytes[Math.Min(at, bytes.Count - 1)] = (byte)(random.Next(2) == 0 ? 0xFF : 0x7E + random.Next(2));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    [Fact]
    public void Read_MutatedStreamsInRandomPieces_EveryOutcomeIsAFrameAWaitOrAViolation()
    {
        var random = new Random(20261207);
        for (var i = 0; i < Iterations * 10; i++)
        {
            var data = Mutate(ValidStream(random), random);
            var reader = new FrameReader(fromClient: true, deflate: random.Next(2) == 0, strict: random.Next(4) != 0);
            var pending = new List<byte>();
            var offset = 0;
            var violated = false;
            while (offset < data.Length && !violated)
            {
                var piece = Math.Min(random.Next(1, 300), data.Length - offset);
                pending.AddRange(data.AsSpan(offset, piece).ToArray());
                offset += piece;
                var buffer = pending.ToArray();
                var position = 0;
                while (true)
                {
                    var item = reader.Read(buffer.AsSpan(position));
                    Assert.InRange(item.Consumed, 0, buffer.Length - position);
                    if (item.Kind == FrameItemKind.Violation)
                    {
                        Assert.NotEqual(0, (int)item.Violation);
                        violated = true;
                        break;
                    }

                    if (item.Kind == FrameItemKind.NeedMore)
                    {
                        // A wait leaves at most a header or a control frame unread.
                        Assert.InRange(buffer.Length - position, 0, FrameHeader.MaxLength + FrameHeader.MaxControlPayload);
                        break;
                    }

                    Assert.True(item.Consumed > 0 || item.Kind == FrameItemKind.Header, $"{item.Kind} made no progress");
                    position += item.Consumed;
                }

                pending = [.. buffer.AsSpan(position).ToArray()];
            }
        }
    }

    [Fact]
    public async Task Run_MutatedClientStreams_RelayEndsWithoutAnExceptionEscaping()
    {
        var random = new Random(7);
        var runs = Math.Max(20, Iterations / 10);
        for (var i = 0; i < runs; i++)
        {
            await using var relay = await RelayHarness.StartAsync(strict: random.Next(4) != 0, maxMessageSize: random.Next(2) == 0 ? 200 : 1 << 20);
            var data = Mutate(ValidStream(random), random);
            var draining = Task.WhenAll(new FrameSink(relay.Client).EndsAsync(), new FrameSink(relay.Backend).EndsAsync());
            try
            {
                await relay.Client.SendAsync(data, SocketFlags.None);
                relay.Client.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The relay failed the client before it had taken everything.
            }

            relay.Backend.Shutdown(SocketShutdown.Send);
            var escaped = await Record.ExceptionAsync(relay.EndedAsync);
            Assert.True(escaped is null, $"run {i}: the relay ended with {escaped}");
            var ended = await draining;
            Assert.True(ended.All(e => e), $"run {i}: the relay did not end both sides' streams");
        }
    }
}
