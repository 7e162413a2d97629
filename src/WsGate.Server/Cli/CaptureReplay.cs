using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace WsGate.Server.Cli;

/// <summary>
/// Replays the client side of a capture (<c>wsgate captures download</c>) to any WebSocket endpoint: sends the client's
/// messages with their original spacing divided by a speed (or at once), gathers the answers, and compares them in order
/// with the answers the capture recorded. Withheld messages (redacted non-JSON, too large) cannot be sent or compared and
/// are counted as skipped.
/// </summary>
internal sealed class CaptureReplay(IReadOnlyList<CapturedMessage> messages, double speed, TimeSpan settle)
{
    public const int ShownDifferences = 10;

    public int Sent { get; private set; }

    public int Skipped { get; private set; }

    public int Expected => messages.Count(m => !m.Inbound);

    public List<(bool IsText, byte[] Payload)> Received { get; } = [];

    public List<string> Differences { get; } = [];

    /// <summary>The messages of one connection of a capture file: <paramref name="connectionId"/>'s, else the first connection's.</summary>
    public static IReadOnlyList<CapturedMessage> Read(IEnumerable<string> lines, string? connectionId)
    {
        var all = new List<CapturedMessage>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new CliException($"line {number} is not JSON: {ex.Message}", Commands.ExitCodes.Usage);
            }

            using (document)
            {
                if (Message(document.RootElement, number) is { } message)
                {
                    all.Add(message);
                }
            }
        }

        var chosen = connectionId ?? all.FirstOrDefault()?.ConnectionId;
        return all.Where(m => m.ConnectionId == chosen).ToList();
    }

    // A message line as the download writes it; null for any other kind of line.
    private static CapturedMessage? Message(JsonElement record, int number)
    {
        if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != "message")
        {
            return null;
        }

        var isText = Field(record, "opcode", number) == "text";
        byte[]? payload = null;
        if (record.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.String)
        {
            try
            {
                payload = isText ? Encoding.UTF8.GetBytes(p.GetString()!) : Convert.FromBase64String(p.GetString()!);
            }
            catch (FormatException)
            {
                throw new CliException($"line {number}: payload of a binary message is not base64", Commands.ExitCodes.Usage);
            }
        }

        if (!DateTimeOffset.TryParse(Field(record, "ts", number), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at))
        {
            throw new CliException($"line {number}: ts is not a time", Commands.ExitCodes.Usage);
        }

        return new CapturedMessage(at, Field(record, "direction", number) == "in", isText, payload, Field(record, "connectionId", number));
    }

    private static string Field(JsonElement record, string name, int number) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new CliException($"line {number}: a message needs the text field {name}", Commands.ExitCodes.Usage);

    public async Task RunAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var lastAnswer = DateTimeOffset.UtcNow;
        var receiving = Task.Run(
            async () =>
            {
                var buffer = new byte[64 * 1024];
                using var message = new MemoryStream();
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                    if (result.EndOfMessage)
                    {
                        lock (Received)
                        {
                            Received.Add((result.MessageType == WebSocketMessageType.Text, message.ToArray()));
                        }

                        message.SetLength(0);
                        lastAnswer = DateTimeOffset.UtcNow;
                    }
                }
            },
            cancellationToken);

        DateTimeOffset? previous = null;
        foreach (var message in messages.Where(m => m.Inbound))
        {
            if (previous is { } before && speed > 0)
            {
                var gap = (message.At - before) / speed;
                if (gap > TimeSpan.Zero)
                {
                    await Task.Delay(gap, cancellationToken);
                }
            }

            previous = message.At;
            if (message.Payload is null)
            {
                Skipped++;
                continue;
            }

            await socket.SendAsync(message.Payload, message.IsText ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, cancellationToken);
            Sent++;
        }

        // Answers are awaited until as many came as were captured, or none came for the settle time.
        lastAnswer = DateTimeOffset.UtcNow;
        while (!receiving.IsCompleted && CountReceived() < Expected && DateTimeOffset.UtcNow - lastAnswer < settle)
        {
            await Task.Delay(20, cancellationToken);
        }

        if (socket.State == WebSocketState.Open)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "replay done", cancellationToken);
            }
            catch (WebSocketException)
            {
            }
        }

        Compare();
    }

    private int CountReceived()
    {
        lock (Received)
        {
            return Received.Count;
        }
    }

    private void Compare()
    {
        List<(bool IsText, byte[] Payload)> received;
        lock (Received)
        {
            received = [.. Received];
        }

        var expected = messages.Where(m => !m.Inbound).ToList();
        for (var i = 0; i < Math.Max(expected.Count, received.Count); i++)
        {
            if (i >= expected.Count)
            {
                Differences.Add($"answer {i + 1}: not in the capture: {Show(received[i].IsText, received[i].Payload)}");
            }
            else if (i >= received.Count)
            {
                Differences.Add($"answer {i + 1}: missing; the capture has {Show(expected[i].IsText, expected[i].Payload)}");
            }
            else if (expected[i].Payload is null)
            {
                // Withheld in the capture: nothing to compare with.
            }
            else if (expected[i].IsText != received[i].IsText || !expected[i].Payload!.AsSpan().SequenceEqual(received[i].Payload))
            {
                Differences.Add($"answer {i + 1}: expected {Show(expected[i].IsText, expected[i].Payload)}, got {Show(received[i].IsText, received[i].Payload)}");
            }
        }
    }

    private static string Show(bool isText, byte[]? payload)
    {
        if (payload is null)
        {
            return "(withheld)";
        }

        var text = isText ? "text " + JsonSerializer.Serialize(Encoding.UTF8.GetString(payload)) : $"binary {payload.Length} bytes {Convert.ToBase64String(payload)}";
        return text.Length > 200 ? text[..200] + "…" : text;
    }
}
