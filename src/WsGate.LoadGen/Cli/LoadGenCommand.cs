using WsGate.LoadGen.Modes;

namespace WsGate.LoadGen.Cli;

/// <summary>The command line: <c>wsgate-loadgen MODE [options]</c>.</summary>
public static class LoadGenCommand
{
    public const string Usage = """
        wsgate-loadgen: a WebSocket load generator on raw sockets (loopback targets only).

        usage: wsgate-loadgen MODE [options]

        modes
          echo    N connections, each closed-loop: send S bytes, wait for the echo, repeat.
                  Reports messages/s and round-trip latency p50/p90/p99/p99.9.
                    --connections N        1-10000 (default 10)
                    --size BYTES           0-16M, K and M suffixes allowed (default 128)
                    --text-file FILE       send FILE's content (UTF-8) as a text message instead of --size binary bytes
                    --duration SECONDS     measured window, 0.1-600 (default 10)
                    --messages M           stop after M measured messages in all (default 0: the window decides)
                    --warmup SECONDS       0-60, not measured (default 1)
                    --watch-pids P,Q       up to 8 process ids whose CPU time (utime+stime) is reported for the window
                    --watch-metrics URL    a WsGate /metrics (http://user:password@127.0.0.1:PORT/metrics) whose
                                           wsgate_process_allocated_bytes_total is reported per message for the window
          idle    Open N connections, hold them, close them with the closing handshake.
                    --connections N        1-200000 (default 1000)
                    --hold SECONDS         0-3600 (default 10)
                    --per-process N        connections per process, 1-18000 (default 15000); more use child processes
                    --ready-file PATH      written (with the open count) once every connection is open
          probe   Retry the upgrade until it is accepted; report when (Unix ns) and after how many attempts.
                    --timeout SECONDS      0.1-300 (default 30)
                    --interval-ms MS       pause between attempts, 0-1000 (default 1)
                    --ready-file PATH      written after the first attempt
          broadcast  One publisher, N channel subscribers spread round robin over several URLs (one per cluster node).
                  Reports deliveries/s and publish-to-delivery latency, over all and per URL.
                    --url URL              the publisher's channel endpoint (default ws://127.0.0.1:8080/channel)
                    --subscriber-urls A,B  the subscribers' channel endpoints, round robin (default: --url)
                    --connections N        subscribers, 1-5000 (default 100)
                    --messages M           1-1000000 (default 2000)
                    --rate R               publishes per second, 1-100000 (default 500)
                    --size BYTES           padding in each message's data, 0-60000 (default 64)
                    --timeout SECONDS      1-600 (default 30)

        common options
          --url ws://127.x.y.z:PORT/PATH   target (default ws://127.0.0.1:8080/echo)
          --sources A[-B]                  client source addresses in 127.0.0.0/8, used round robin
                                           (default: 127.0.0.2 and one more per 10,000 connections)
          --connect-timeout SECONDS        for opening all connections (echo 30, idle 60)
          --connect-concurrency N          handshakes in flight at once (echo 64, idle 100)
          --json                           one JSON document instead of the table

        exit codes: 0 ok, 1 the run had failures (see the report), 2 bad arguments
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.Write(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        var mode = args[0];
        var rest = args[1..];
        try
        {
            if (rest.Contains("--help") || rest.Contains("-h"))
            {
                Console.Out.Write(Usage);
                return ExitCodes.Ok;
            }

            var reader = new ArgReader(mode, rest, CommonOptions.Flags);
            return mode switch
            {
                "echo" => await EchoMode.RunAsync(EchoOptions.Parse(reader), Console.Out),
                "idle" => await IdleMode.RunAsync(IdleOptions.Parse(reader), Console.Out),
                "probe" => await ProbeMode.RunAsync(ProbeOptions.Parse(reader), Console.Out),
                "broadcast" => await BroadcastMode.RunAsync(BroadcastOptions.Parse(reader), Console.Out),
                IdleChildMode.Name => await IdleChildMode.RunAsync(reader, Console.Out),
                _ => throw new UsageException($"unknown mode '{mode}': use echo, idle, probe or broadcast (see --help)"),
            };
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return ExitCodes.Usage;
        }
    }
}
