using System.CommandLine;
using System.Net.WebSockets;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate replay FILE URL</c>: send a capture's client side to an endpoint and report where the answers differ.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "a capture's JSON lines (wsgate captures download ID -o FILE)" };
        var url = new Argument<string>("url") { Description = "ws:// or wss:// address to replay to" };
        var speed = new Option<double>("--speed") { Description = "replay this many times faster than captured", DefaultValueFactory = _ => 1 };
        var fast = new Option<bool>("--fast") { Description = "send without waiting between messages" };
        var connection = new Option<string?>("--connection") { Description = "the captured connection to replay (default: the first)" };
        var headers = new Option<string[]>("--header", "-H") { Description = "request header Name:Value (repeatable)", AllowMultipleArgumentsPerToken = true };
        var settle = new Option<double>("--wait") { Description = "seconds to wait for answers after the last one", DefaultValueFactory = _ => 2 };
        var command = new Command("replay", "Replay a capture's client messages to an endpoint and compare the answers.") { file, url, speed, fast, connection, headers, settle };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var target) || target.Scheme is not ("ws" or "wss"))
                {
                    throw new CliException($"'{parse.GetValue(url)}' is not a ws:// or wss:// URL", ExitCodes.Usage);
                }

                if (parse.GetValue(speed) <= 0)
                {
                    throw new CliException("--speed must be above 0", ExitCodes.Usage);
                }

                var path = parse.GetValue(file)!;
                if (!File.Exists(path))
                {
                    throw new CliException($"no file '{path}'", ExitCodes.Usage);
                }

                var extra = HeaderArguments.Parse(parse.GetValue(headers));
                var messages = CaptureReplay.Read(await File.ReadAllLinesAsync(path, cancellationToken), parse.GetValue(connection));
                using var socket = new ClientWebSocket();
                foreach (var (name, value) in extra)
                {
                    socket.Options.SetRequestHeader(name, value);
                }

                try
                {
                    await socket.ConnectAsync(target, cancellationToken);
                }
                catch (WebSocketException ex)
                {
                    throw new CliException($"cannot connect to {target}: {ex.Message}", ExitCodes.Unreachable);
                }

                var replay = new CaptureReplay(messages, parse.GetValue(fast) ? 0 : parse.GetValue(speed), TimeSpan.FromSeconds(parse.GetValue(settle)));
                await replay.RunAsync(socket, cancellationToken);
                Console.WriteLine($"sent {replay.Sent} (skipped {replay.Skipped} withheld), received {replay.Received.Count}, captured answers {replay.Expected}, differences {replay.Differences.Count}");
                foreach (var difference in replay.Differences.Take(CaptureReplay.ShownDifferences))
                {
                    Console.WriteLine("  " + difference);
                }

                return replay.Differences.Count == 0 ? ExitCodes.Ok : ExitCodes.Differences;
            }
            catch (CliException ex)
            {
                await Console.Error.WriteLineAsync("error: " + ex.Message);
                return ex.ExitCode;
            }
        });
        return command;
    }
}
