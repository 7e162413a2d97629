using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace WsGate.Testing;

/// <summary>
/// A real HAProxy (Debian's <c>haproxy</c>, installed by <c>scripts/test.sh</c>) in front of WsGate nodes, on a free
/// 127.0.0.1 port with a generated configuration: the same shape as the example in docs/cluster.md, with health checks on
/// each node's <c>/readyz</c> and fast timings for tests. Killed on dispose.
/// </summary>
public sealed class HaproxyProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();

    private HaproxyProcess(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public Uri Uri(string path) => new($"ws://127.0.0.1:{Port}{path}");

    /// <summary>One backend server: the node's public listener and its admin port (for the readiness check).</summary>
    public sealed record Backend(string Name, int ListenerPort, int AdminPort);

    public static string Config(int port, IEnumerable<Backend> backends)
    {
        var servers = string.Join('\n', backends.Select(b =>
            string.Create(CultureInfo.InvariantCulture, $"    server {b.Name} 127.0.0.1:{b.ListenerPort} check port {b.AdminPort}")));
        return $"""
            global
                maxconn 2000
                log stderr format raw local0 info

            defaults
                mode http
                log global
                option log-health-checks
                timeout connect 2s
                timeout client 60s
                timeout server 60s
                # A WebSocket is a tunnel once upgraded: this is its idle limit.
                timeout tunnel 1h
                # A node that refuses the connection (it died) is retried on another one.
                retries 3
                option redispatch

            frontend websockets
                bind 127.0.0.1:{port}
                default_backend wsgate

            backend wsgate
                balance roundrobin
                # A draining node or one that lost its store answers 503 on /readyz and gets no new clients.
                option httpchk GET /readyz
                http-check expect status 200
                default-server inter 250ms fall 1 rise 1
            {servers}

            """;
    }

    public static Task<HaproxyProcess> StartAsync(IEnumerable<Backend> backends) => StartAsync(port => Config(port, backends));

    /// <summary>HAProxy with a configuration of the test's own; <paramref name="config"/> gets the free port to bind.</summary>
    public static async Task<HaproxyProcess> StartAsync(Func<int, string> config)
    {
        var binary = new[] { "/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("HAProxy is not installed (no /usr/sbin/haproxy); run scripts/test.sh, which installs the Debian package 'haproxy'");
        var folder = Directory.CreateTempSubdirectory("wsgate-haproxy-").FullName;
        var port = FreePort.Find();
        var file = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(file, config(port));
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-db", "-f", file })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start haproxy");
        var haproxy = new HaproxyProcess(process, folder, port);
        process.OutputDataReceived += (_, e) => haproxy.Append(e.Data);
        process.ErrorDataReceived += (_, e) => haproxy.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"haproxy exited {process.ExitCode}: {haproxy.Output}");
                    }

                    using var probe = new TcpClient();
                    try
                    {
                        await probe.ConnectAsync("127.0.0.1", port);
                        return true;
                    }
                    catch (SocketException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(20),
                "haproxy never listened");
            return haproxy;
        }
        catch
        {
            haproxy.Dispose();
            throw;
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
