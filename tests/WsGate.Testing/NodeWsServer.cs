using System.Diagnostics;
using System.Globalization;

namespace WsGate.Testing;

/// <summary>
/// A stock Node <c>ws</c> echo server (<c>tests/interop/echo-server.js</c>) on 127.0.0.1, for interop tests with a
/// third-party WebSocket backend: it echoes text and binary, picks <c>chat.v2</c> when offered and answers a close with
/// the same code. The process is killed on dispose, and exits by itself if this process dies (its stdin closes).
/// </summary>
public sealed class NodeWsServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;

    private NodeWsServer(Process process, int port)
    {
        _process = process;
        BaseUri = new Uri($"ws://127.0.0.1:{port}");
    }

    /// <summary><c>ws://127.0.0.1:port</c>.</summary>
    public Uri BaseUri { get; }

    public Uri Url(string path) => new(BaseUri, path);

    public static async Task<NodeWsServer> StartAsync()
    {
        var process = NodeInterop.Start("echo-server.js");
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                Stop(process);
                throw new InvalidOperationException($"node echo-server.js printed '{line}' instead of its port; stderr: {await stderr}");
            }

            return new NodeWsServer(process, port);
        }
        catch (OperationCanceledException)
        {
            Stop(process);
            throw new TimeoutException($"node echo-server.js did not print its port within {StartTimeout.TotalSeconds} s; stderr: {await stderr}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        try
        {
            process.StandardInput.Close();
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
