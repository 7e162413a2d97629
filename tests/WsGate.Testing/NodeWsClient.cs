using System.Text.Json;

namespace WsGate.Testing;

/// <summary>
/// Runs the stock Node <c>ws</c> client script (<c>tests/interop/client.js</c>) against a URL: it offers the given
/// subprotocols (and then requires the server to choose one), sends a text, a binary and a 1 MiB binary message, checks each echo and closes with 4001.
/// </summary>
public static class NodeWsClient
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    public static async Task<Result> RunAsync(Uri url, params string[] subProtocols)
    {
        using var process = NodeInterop.Start("client.js", url.ToString(), string.Join(',', subProtocols));
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(RunTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node client.js {url} did not finish within {RunTimeout.TotalSeconds} s");
            }
        }

        var output = (await stdout).Trim();
        if (process.ExitCode != 0 || output.Length == 0)
        {
            throw new InvalidOperationException($"node client.js {url} exited with {process.ExitCode}: {output} {await stderr}");
        }

        return JsonSerializer.Deserialize<Result>(output, TestServer.JsonOptions)
            ?? throw new InvalidOperationException($"node client.js {url} printed '{output}'");
    }

    /// <summary>What the client saw: the chosen subprotocol, whether each echo matched, and the close it got back.</summary>
    public sealed record Result(
        string Url,
        string? Protocol,
        IReadOnlyDictionary<string, bool> Echoes,
        int? CloseCode,
        string? CloseReason,
        string? Error);
}
