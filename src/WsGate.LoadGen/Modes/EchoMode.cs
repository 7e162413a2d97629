using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using WsGate.LoadGen.Cli;
using WsGate.LoadGen.Measurement;
using WsGate.LoadGen.Net;
using WsGate.LoadGen.Protocol;
using WsGate.LoadGen.Reports;

namespace WsGate.LoadGen.Modes;

/// <summary>
/// <c>echo</c>: N connections, each closed-loop (send one pre-masked message, wait for the whole echo, repeat) for a
/// warm-up and then a measured window or a message count. The loop allocates nothing: the frame is built once, every
/// connection reads into its own buffer, and the read and send helpers use pooled async builders.
/// </summary>
public static class EchoMode
{
    /// <summary>After the measured window, how long connections get to finish their message before their sockets are dropped.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(EchoOptions options, TextWriter output)
    {
        using var watchedMetrics = MetricsCounter.Parse("--watch-metrics", options.WatchMetrics);
        var frame = options.TextPayload is { } text ? ClientFrames.Text(text) : ClientFrames.Binary(options.MessageBytes);
        var readBuffer = Math.Clamp(options.MessageBytes + ClientFrames.MaxHeaderLength, 4096, 64 * 1024);

        var (connections, failed, firstError, connectSeconds) = await OpenAsync(options, readBuffer);
        var open = connections.Where(c => c is not null).Select(c => c!).ToArray();

        var frequency = (double)Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var plan = new EchoPlan
        {
            MeasureStartTicks = start + (long)(options.WarmupSeconds * frequency),
            EndTicks = start + (long)((options.WarmupSeconds + options.DurationSeconds) * frequency),
            HasBudget = options.Messages > 0,
            Budget = options.Messages,
        };

        var shards = Enumerable.Range(0, Math.Max(1, Math.Min(open.Length, Environment.ProcessorCount * 4))).Select(_ => new LatencyHistogram()).ToArray();
        var loops = new Task[open.Length];
        for (var i = 0; i < open.Length; i++)
        {
            var connection = open[i];
            var histogram = shards[i % shards.Length];
            loops[i] = Task.Run(() => LoopAsync(connection, plan, histogram, frame, options.MessageBytes));
        }

        var all = Task.WhenAll(loops);
        var untilMeasure = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), plan.MeasureStartTicks);
        if (untilMeasure > TimeSpan.Zero)
        {
            await Task.WhenAny(all, Task.Delay(untilMeasure));
        }

        var watchedAllocatedBefore = watchedMetrics is null ? 0 : await watchedMetrics.ReadAsync();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watchedBefore = ProcessCpu.Seconds(options.WatchPids);
        var untilDeadline = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), plan.EndTicks) + Grace;
        if (await Task.WhenAny(all, Task.Delay(untilDeadline)) != all)
        {
            // A connection is stuck waiting for an echo that does not come: dropping the sockets ends its loop.
            foreach (var connection in open)
            {
                connection.Socket.Dispose();
            }
        }

        await all;
        var watchedCpu = ProcessCpu.Seconds(options.WatchPids) - watchedBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var watchedAllocated = watchedMetrics is null ? 0 : await watchedMetrics.ReadAsync() - watchedAllocatedBefore;

        var closes = await Task.WhenAll(open.Select(c => CloseAsync(c)));

        var histogramTotal = new LatencyHistogram();
        foreach (var shard in shards)
        {
            histogramTotal.Add(shard);
        }

        var messages = open.Sum(c => c.Messages);
        var budgetSpent = plan.HasBudget && Volatile.Read(ref plan.Budget) <= 0;
        var lastTicks = open.Length == 0 ? plan.MeasureStartTicks : open.Max(c => c.LastCompletedTicks);
        var measuredSeconds = budgetSpent ? Math.Max(0, lastTicks - plan.MeasureStartTicks) / frequency : options.DurationSeconds;
        var errors = open.Count(c => c.Error is not null);
        firstError ??= open.Select(c => c.Error).FirstOrDefault(e => e is not null) is { } error ? CommonOptions.Describe(error) : null;

        var report = new EchoReport
        {
            Url = options.Target.Url,
            Connections = options.Connections,
            SourceAddresses = options.Sources.ToString(),
            MessageBytes = options.MessageBytes,
            WarmupSeconds = options.WarmupSeconds,
            MeasuredSeconds = Math.Round(measuredSeconds, 3),
            ConnectSeconds = Math.Round(connectSeconds, 3),
            Messages = messages,
            MessagesPerSecond = measuredSeconds > 0 ? Math.Round(messages / measuredSeconds, 1) : 0,
            MebibytesPerSecond = measuredSeconds > 0 ? Math.Round(messages * (double)options.MessageBytes / measuredSeconds / (1024 * 1024), 2) : 0,
            LatencyUs = LatencyReport.From(histogramTotal),
            AllocatedBytesPerMessage = messages > 0 ? Math.Round((double)allocated / messages, 2) : 0,
            WatchedPids = options.WatchPids,
            WatchedCpuSeconds = options.WatchPids.Count > 0 ? Math.Round(watchedCpu, 2) : null,
            WatchedCpuSecondsPerMillionMessages = options.WatchPids.Count > 0 && messages > 0 ? Math.Round(watchedCpu * 1e6 / messages, 2) : null,
            WatchedAllocatedBytesPerMessage = watchedMetrics is not null && messages > 0 ? Math.Round(watchedAllocated / messages, 2) : null,
            FailedConnections = failed,
            ConnectionErrors = errors,
            ClosedClean = closes.Count(clean => clean),
            FirstError = firstError,
        };

        Write(output, report, options.Json);
        return failed == 0 && errors == 0 && messages > 0 && report.ClosedClean == open.Length ? ExitCodes.Ok : ExitCodes.RunFailed;
    }

    private static async Task<(EchoConnection?[] Connections, int Failed, string? FirstError, double Seconds)> OpenAsync(EchoOptions options, int readBuffer)
    {
        var connections = new EchoConnection?[options.Connections];
        var failed = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.ConnectTimeoutSeconds));
        await Parallel.ForEachAsync(
            Enumerable.Range(0, options.Connections),
            new ParallelOptions { MaxDegreeOfParallelism = options.ConnectConcurrency },
            async (i, _) =>
            {
                try
                {
                    var (socket, reader) = await Connector.ConnectAsync(options.Target, options.Sources.For(i), readBuffer, timeout.Token);
                    connections[i] = new EchoConnection(socket, reader);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, CommonOptions.Describe(ex), null);
                }
            });
        return (connections, failed, firstError, watch.Elapsed.TotalSeconds);
    }

    private static async Task LoopAsync(EchoConnection connection, EchoPlan plan, LatencyHistogram histogram, byte[] frame, int messageBytes)
    {
        var socket = connection.Socket;
        var reader = connection.Reader;
        var toNanoseconds = 1e9 / Stopwatch.Frequency;
        try
        {
            while (true)
            {
                var sentAt = Stopwatch.GetTimestamp();
                if (sentAt >= plan.EndTicks)
                {
                    return;
                }

                var measuring = sentAt >= plan.MeasureStartTicks;
                if (measuring && plan.HasBudget && Interlocked.Decrement(ref plan.Budget) < 0)
                {
                    return;
                }

                // Start the send and read at once: a large message is echoed while it is still being sent.
                var send = SendAllAsync(socket, frame);
                var message = await reader.ReadMessageAsync();
                await send;
                if (message.Kind == MessageKind.Close)
                {
                    throw new InvalidDataException($"the server closed the WebSocket with {message.CloseCode}");
                }

                if (message.Length != messageBytes)
                {
                    throw new InvalidDataException($"the echo had {message.Length} bytes, not {messageBytes}");
                }

                var receivedAt = Stopwatch.GetTimestamp();
                if (measuring && receivedAt <= plan.EndTicks)
                {
                    histogram.Record((long)((receivedAt - sentAt) * toNanoseconds));
                    connection.Messages++;
                    connection.LastCompletedTicks = receivedAt;
                }
            }
        }
        catch (Exception ex)
        {
            connection.Error = ex;
        }
    }

    private static Task<bool> CloseAsync(EchoConnection connection)
    {
        if (connection.Error is not null)
        {
            connection.Socket.Dispose();
            return Task.FromResult(false);
        }

        return ClosingHandshake.CloseAsync(connection.Socket, ClosingHandshake.ReadUntilCloseAsync(connection.Reader), CloseTimeout);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None);
            data = data[sent..];
        }
    }

    private static void Write(TextWriter output, EchoReport report, bool json)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, ReportJson.Default.EchoReport));
            return;
        }

        var latency = report.LatencyUs;
        var rows = new List<(string, string)>
        {
            ("target", report.Url),
            ("connections", $"{report.Connections} from {report.SourceAddresses} (opened in {Table.N(report.ConnectSeconds, 2)} s)"),
            ("message", $"{report.MessageBytes} bytes binary"),
            ("window", $"{Table.N(report.MeasuredSeconds, 2)} s after {Table.N(report.WarmupSeconds, 1)} s warm-up"),
            ("messages", Table.N(report.Messages)),
            ("throughput", $"{Table.N(report.MessagesPerSecond)} msg/s, {Table.N(report.MebibytesPerSecond, 2)} MiB/s each way"),
            ("latency p50", $"{Table.N(latency.P50Us, 1)} us"),
            ("latency p90", $"{Table.N(latency.P90Us, 1)} us"),
            ("latency p99", $"{Table.N(latency.P99Us, 1)} us"),
            ("latency p99.9", $"{Table.N(latency.P999Us, 1)} us"),
            ("latency min/mean/max", $"{Table.N(latency.MinUs, 1)} / {Table.N(latency.MeanUs, 1)} / {Table.N(latency.MaxUs, 1)} us"),
            ("allocated", $"{Table.N(report.AllocatedBytesPerMessage, 2)} bytes/message"),
            ("watched CPU", report.WatchedCpuSeconds is { } cpu ? $"{Table.N(cpu, 2)} s ({Table.N(report.WatchedCpuSecondsPerMillionMessages ?? 0, 2)} s per million messages) of {string.Join(",", report.WatchedPids)}" : "-"),
            ("watched allocations", report.WatchedAllocatedBytesPerMessage is { } bytes ? $"{Table.N(bytes, 2)} B per message" : "-"),
            ("failed / errors", $"{report.FailedConnections} failed to open, {report.ConnectionErrors} failed during the run"),
            ("closed clean", $"{report.ClosedClean}"),
        };
        if (report.FirstError is not null)
        {
            rows.Add(("first error", report.FirstError));
        }

        Table.Write(output, "WsGate load generator: echo", rows);
    }
}
