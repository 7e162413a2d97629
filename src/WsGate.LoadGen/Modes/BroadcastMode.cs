using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using WsGate.LoadGen.Cli;
using WsGate.LoadGen.Measurement;
using WsGate.LoadGen.Net;
using WsGate.LoadGen.Protocol;
using WsGate.LoadGen.Reports;

namespace WsGate.LoadGen.Modes;

/// <summary>
/// <c>broadcast</c>: cross-node channel fan-out. N subscribers connect to the channel endpoint of the given URLs round
/// robin (one URL per node) and subscribe; one publisher publishes M messages at a fixed rate to one URL. Channel
/// messages from one publisher arrive in order and once, so the k-th message a subscriber receives is the k-th
/// published: its latency is the arrival time minus the k-th send time, with no clock in the payload.
/// </summary>
public static class BroadcastMode
{
    private const string Channel = "bench";
    private static readonly byte[] Mask = [0x37, 0xfa, 0x21, 0x3d];

    public static async Task<int> RunAsync(BroadcastOptions options, TextWriter output)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.TimeoutSeconds));
        var sent = new long[options.Messages];
        var perUrl = options.SubscriberTargets.Select(_ => new LatencyHistogram()).ToArray();
        var sockets = new List<Socket>();
        string? error = null;
        long delivered = 0;
        long lastDelivery = 0;
        var published = 0;
        var start = 0L;
        try
        {
            var subscribers = new List<Task>();
            for (var i = 0; i < options.Subscribers; i++)
            {
                var urlIndex = i % options.SubscriberTargets.Count;
                var (socket, reader) = await Connector.ConnectAsync(options.SubscriberTargets[urlIndex], null, 64 * 1024, deadline.Token);
                sockets.Add(socket);
                await socket.SendAsync(Text($$"""{"type":"subscribe","channel":"{{Channel}}"}"""), SocketFlags.None, deadline.Token);
                await reader.ReadMessageAsync();
                var histogram = perUrl[urlIndex];
                subscribers.Add(Task.Run(async () =>
                {
                    for (var k = 0; k < options.Messages; k++)
                    {
                        var message = await reader.ReadMessageAsync();
                        if (message.Kind != MessageKind.Data)
                        {
                            throw new InvalidDataException($"a subscriber was closed ({message.CloseCode}) after {k} messages");
                        }

                        var now = Stopwatch.GetTimestamp();
                        histogram.Record((long)((now - Volatile.Read(ref sent[k])) * (1e9 / Stopwatch.Frequency)));
                        Interlocked.Increment(ref delivered);
                        InterlockedMax(ref lastDelivery, now);
                    }
                }));
            }

            var (publisher, publisherReader) = await Connector.ConnectAsync(options.Publisher, null, 64 * 1024, deadline.Token);
            sockets.Add(publisher);

            // The publisher's own "published" replies are read and dropped, so they never hold its sends back.
            var acks = Task.Run(async () =>
            {
                for (var k = 0; k < options.Messages; k++)
                {
                    await publisherReader.ReadMessageAsync();
                }
            });
            var padding = new string('x', options.Size);
            var frames = Enumerable.Range(0, options.Messages)
                .Select(k => Text($$$"""{"type":"publish","channel":"{{{Channel}}}","data":{"k":{{{k}}},"p":"{{{padding}}}"}}""")).ToArray();
            var interval = Stopwatch.Frequency / (double)options.Rate;
            start = Stopwatch.GetTimestamp();
            for (var k = 0; k < options.Messages; k++)
            {
                var due = start + (long)(k * interval);
                while (Stopwatch.GetTimestamp() < due)
                {
                    if (due - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 500)
                    {
                        await Task.Delay(1, deadline.Token);
                    }
                }

                Volatile.Write(ref sent[k], Stopwatch.GetTimestamp());
                await publisher.SendAsync(frames[k], SocketFlags.None, deadline.Token);
                published++;
            }

            await Task.WhenAll(subscribers.Append(acks)).WaitAsync(deadline.Token);
        }
        catch (Exception ex) when (ex is SocketException or HandshakeException or IOException or OperationCanceledException or InvalidDataException)
        {
            error = CommonOptions.Describe(ex);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        var all = new LatencyHistogram();
        foreach (var histogram in perUrl)
        {
            all.Add(histogram);
        }

        var seconds = lastDelivery > start ? (lastDelivery - start) / (double)Stopwatch.Frequency : 0;
        var report = new BroadcastReport
        {
            Publisher = options.Publisher.Url,
            SubscriberUrls = options.SubscriberTargets.Select(t => t.Url).ToList(),
            Subscribers = options.Subscribers,
            Published = published,
            PublishSeconds = Math.Round(options.Messages / (double)options.Rate, 3),
            Expected = (long)options.Messages * options.Subscribers,
            Delivered = Interlocked.Read(ref delivered),
            DeliveriesPerSecond = seconds > 0 ? Math.Round(Interlocked.Read(ref delivered) / seconds) : 0,
            Latency = LatencyReport.From(all),
            LatencyPerUrl = perUrl.Select(LatencyReport.From).ToList(),
            Error = error ?? (Interlocked.Read(ref delivered) == (long)options.Messages * options.Subscribers ? null : "not every message was delivered"),
        };
        if (options.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, ReportJson.Default.BroadcastReport));
        }
        else
        {
            var rows = new List<(string, string)>
            {
                ("publisher", report.Publisher),
                ("subscribers", $"{Table.N(report.Subscribers)} over {string.Join(", ", report.SubscriberUrls)}"),
                ("published", $"{Table.N(report.Published)} at {Table.N(options.Rate)}/s"),
                ("delivered", $"{Table.N(report.Delivered)} of {Table.N(report.Expected)}"),
                ("deliveries/s", Table.N(report.DeliveriesPerSecond)),
                ("latency p50 / p99 / max", $"{Table.N(report.Latency.P50Us / 1000, 2)} / {Table.N(report.Latency.P99Us / 1000, 2)} / {Table.N(report.Latency.MaxUs / 1000, 2)} ms"),
            };
            for (var i = 0; i < report.LatencyPerUrl.Count; i++)
            {
                rows.Add(($"  via {report.SubscriberUrls[i]}", $"p50 {Table.N(report.LatencyPerUrl[i].P50Us / 1000, 2)} ms, p99 {Table.N(report.LatencyPerUrl[i].P99Us / 1000, 2)} ms"));
            }

            if (report.Error is not null)
            {
                rows.Add(("error", report.Error));
            }

            Table.Write(output, "WsGate load generator: broadcast", rows);
        }

        return report.Error is null ? ExitCodes.Ok : ExitCodes.RunFailed;
    }

    private static byte[] Text(string json) => ClientFrames.Masked(0x1, Encoding.UTF8.GetBytes(json), Mask);

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
