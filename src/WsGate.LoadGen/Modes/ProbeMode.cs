using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using WsGate.LoadGen.Cli;
using WsGate.LoadGen.Net;
using WsGate.LoadGen.Protocol;
using WsGate.LoadGen.Reports;

namespace WsGate.LoadGen.Modes;

/// <summary>
/// <c>probe</c>: tries the WebSocket upgrade again and again until one is accepted (101), then closes it cleanly and
/// reports when that happened as Unix time, so a script that noted when it started the server can subtract. Refused
/// connections and non-101 answers (the listener is not configured yet) are retried every <c>--interval-ms</c>.
/// </summary>
public static class ProbeMode
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(ProbeOptions options, TextWriter output)
    {
        var watch = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(options.TimeoutSeconds);
        long attempts = 0;
        string? lastError = null;
        long acceptedUnixNs = 0;
        var pollingMs = 0.0;
        while (true)
        {
            attempts++;
            try
            {
                using var timeout = new CancellationTokenSource(AttemptTimeout);
                var (socket, reader) = await Connector.ConnectAsync(options.Target, null, FrameReader.MinBufferSize, timeout.Token);
                acceptedUnixNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
                pollingMs = watch.Elapsed.TotalMilliseconds;
                await ClosingHandshake.CloseAsync(socket, ClosingHandshake.ReadUntilCloseAsync(reader), TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is SocketException or HandshakeException or IOException or OperationCanceledException)
            {
                lastError = CommonOptions.Describe(ex);
            }

            if (attempts == 1)
            {
                // The first attempt is done and the code is warm: a script may now start the server.
                CommonOptions.WriteReadyFile(options.ReadyFile, "polling\n");
            }

            if (acceptedUnixNs != 0 || watch.Elapsed >= limit)
            {
                break;
            }

            if (options.IntervalMs > 0)
            {
                Thread.Sleep(options.IntervalMs);
            }
        }

        var report = new ProbeReport
        {
            Url = options.Target.Url,
            Accepted = acceptedUnixNs != 0,
            Attempts = attempts,
            FirstAcceptUnixNs = acceptedUnixNs,
            PollingMs = Math.Round(pollingMs, 1),
            LastError = acceptedUnixNs != 0 ? null : lastError,
        };
        if (options.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, ReportJson.Default.ProbeReport));
        }
        else
        {
            Table.Write(output, "WsGate load generator: probe", new List<(string, string)>
            {
                ("target", report.Url),
                ("accepted", report.Accepted ? $"after {Table.N(report.PollingMs, 1)} ms of polling" : "no: " + lastError),
                ("attempts", Table.N(report.Attempts)),
            });
        }

        return report.Accepted ? ExitCodes.Ok : ExitCodes.RunFailed;
    }
}
