using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace WsGate.Testing;

/// <summary>
/// The real <c>wsgate</c> executable run as a child process, as an operator runs it: output captured line by line,
/// stopped with a real SIGTERM. Every wait is bounded and the process is killed on dispose.
/// </summary>
public sealed class WsGateProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private WsGateProcess(Process process)
    {
        _process = process;
    }

    public IEnumerable<string> Stdout => _stdout;

    public IEnumerable<string> Stderr => _stderr;

    public int Id => _process.Id;

    public static WsGateProcess Start(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "wsgate.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var wrapper = new WsGateProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                wrapper._stdout.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                wrapper._stderr.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Waits for a stdout line matching <paramref name="pattern"/> and returns the match.</summary>
    public async Task<Match> WaitForOutputAsync(string pattern, TimeSpan? timeout = null)
    {
        var regex = new Regex(pattern);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            foreach (var line in _stdout)
            {
                var match = regex.Match(line);
                if (match.Success)
                {
                    return match;
                }
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no output matched '{pattern}'. stdout:\n{string.Join('\n', _stdout)}\nstderr:\n{string.Join('\n', _stderr)}");
    }

    /// <summary>Sends SIGTERM, as a service manager does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Kills the process with SIGKILL, as a crash or an OOM kill would: no drain, no goodbye.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(cts.Token);

        // Let the asynchronous readers drain the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
