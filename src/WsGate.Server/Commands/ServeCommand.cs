using System.CommandLine;
using Microsoft.Extensions.Logging;
using WsGate.Configuration.Validation;
using WsGate.Server.Hosting;
using WsGate.Storage;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate serve</c>: runs WsGate on the embedded store until SIGTERM or Ctrl+C, then drains and exits 0.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var defaults = new ServerOptions();
        var data = new Option<string>("--data") { Description = "SQLite database file (when --store is not given)", DefaultValueFactory = _ => defaults.DataPath };
        var store = new Option<string?>("--store")
        {
            // The variable is read when the option is absent rather than as a default value: --help prints defaults, and a
            // PostgreSQL address carries its password.
            Description = $"the store: sqlite:PATH, or postgres://user:password@host:port/database shared by several nodes (default: ${ServerOptions.StoreVariable}, else sqlite:--data)",
        };
        var node = new Option<string?>("--node") { Description = "this node's id in a cluster (default: host name and a random suffix)" };
        var admin = new Option<string[]>("--admin") { Description = "admin API binding IP:port (repeatable)", DefaultValueFactory = _ => [.. defaults.AdminBindings], AllowMultipleArgumentsPerToken = true };
        var adminProxies = new Option<string[]>("--admin-trusted-proxy")
        {
            Description = "a reverse proxy in front of the admin port (IP or CIDR, repeatable) whose X-Forwarded-For/Forwarded names the operator's address",
            AllowMultipleArgumentsPerToken = true,
        };
        var listen = new Option<string[]>("--listen")
        {
            Description = "bindings of the default listener created on first start (a later start refuses a different one: use --bind or `wsgate listeners edit`)",
            DefaultValueFactory = _ => [.. defaults.DefaultListenerBindings],
            AllowMultipleArgumentsPerToken = true,
        };
        var bind = new Option<string[]>("--bind")
        {
            Description = "this node's own bindings for a listener, in place of the stored ones: LISTENER=IP:PORT[,IP:PORT] (repeatable; for several nodes on one host)",
            AllowMultipleArgumentsPerToken = true,
        };
        var drain = new Option<double>("--drain-timeout") { Description = "seconds to wait for WebSockets to close on shutdown", DefaultValueFactory = _ => defaults.DrainTimeout.TotalSeconds };
        var io = EnumOption.Create(
            "--io",
            "where socket completions and relays run: Inline (on the I/O threads, no thread switch per message) or Pool (the thread pool, .NET's default)",
            defaults.Io);
        var logLevel = EnumOption.Create("--log-level", "the least severe log entries written", LogLevel.Information);

        var command = new Command("serve", "Run WsGate: the admin API and every enabled listener, on the embedded SQLite store or a shared PostgreSQL.")
        {
            data, store, node, admin, adminProxies, listen, bind, drain, io, logLevel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var seconds = parse.GetValue(drain);
            if (seconds is < 0 or > 3600)
            {
                await Console.Error.WriteLineAsync("error: --drain-timeout must be from 0 to 3600 seconds");
                return ExitCodes.Usage;
            }

            var proxies = parse.GetValue(adminProxies) ?? [];
            if (proxies.FirstOrDefault(p => !System.Net.IPAddress.TryParse(p, out _) && !System.Net.IPNetwork.TryParse(p, out _)) is { } badProxy)
            {
                await Console.Error.WriteLineAsync($"error: --admin-trusted-proxy '{badProxy}' is not an IP address or CIDR range (10.0.0.5, 10.0.0.0/24)");
                return ExitCodes.Usage;
            }

            // Every option is checked before anything is opened or stored, so a typo never leaves a bad binding behind.
            var admins = parse.GetValue(admin) ?? [];
            var listens = parse.GetValue(listen) ?? [];
            var problem = CheckBindings("--admin", admins) ?? CheckBindings("--listen", listens);
            if (problem is null && admins.Length == 0)
            {
                problem = "--admin needs at least one IP:port";
            }

            if (problem is null && listens.Length == 0)
            {
                problem = "--listen needs at least one IP:port";
            }

            var nodeBindings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var text in parse.GetValue(bind) ?? [])
            {
                problem ??= ParseNodeBinding(text, nodeBindings);
            }

            if (problem is null && string.IsNullOrWhiteSpace(parse.GetValue(data)))
            {
                problem = "--data needs a file path, for example data/wsgate.db";
            }

            if (problem is not null)
            {
                await Console.Error.WriteLineAsync("error: " + problem);
                return ExitCodes.Usage;
            }

            // Before anything touches a socket: the runtime reads the switch once.
            var ioMode = parse.GetValue(io);
            WsGateServer.ApplyIoMode(ioMode);
            var options = new ServerOptions
            {
                Io = ioMode,
                DataPath = parse.GetValue(data)!,
                Store = parse.GetValue(store) ?? defaults.Store,
                Cluster = parse.GetValue(node) is { Length: > 0 } id ? new Cluster.ClusterOptions { NodeId = id } : new Cluster.ClusterOptions(),
                AdminBindings = admins,
                AdminTrustedProxies = proxies,
                DefaultListenerBindings = listens,
                DefaultListenerBindingsGiven = parse.GetResult(listen) is { Implicit: false },
                ListenerBindings = nodeBindings,
                DrainTimeout = TimeSpan.FromSeconds(seconds),
                LogLevel = parse.GetValue(logLevel),
            };
            return await RunAsync(options);
        });
        return command;
    }

    /// <summary>The first binding in <paramref name="bindings"/> that is not <c>IP:port</c>, described for the user; null when all are.</summary>
    private static string? CheckBindings(string option, IEnumerable<string> bindings)
    {
        foreach (var text in bindings)
        {
            if (!BindAddress.TryParse(text, out _, out var error))
            {
                return $"{option} '{text}': {error}";
            }
        }

        return null;
    }

    /// <summary>Reads one <c>--bind LISTENER=IP:PORT[,IP:PORT]</c> into <paramref name="bindings"/>; returns the problem, if any.</summary>
    private static string? ParseNodeBinding(string text, Dictionary<string, IReadOnlyList<string>> bindings)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            return $"--bind '{text}': expected LISTENER=IP:PORT, for example default=127.0.0.1:8081";
        }

        var listener = text[..equals].Trim();
        var addresses = text[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (CheckBindings($"--bind {listener}=", addresses) is { } problem)
        {
            return problem;
        }

        if (!bindings.TryAdd(listener, addresses))
        {
            return $"--bind names listener '{listener}' twice; give its addresses once, separated by commas";
        }

        return null;
    }

    private static async Task<int> RunAsync(ServerOptions options)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        WsGateServer server;
        try
        {
#pragma warning disable CA2000 // Disposed by the await using below once it has started.
            server = await WsGateServer.StartAsync(options);
#pragma warning restore CA2000
        }
        catch (StoreUnavailableException ex)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return ExitCodes.StartFailed;
        }
        catch (ConfigValidationException ex)
        {
            await Console.Error.WriteLineAsync("error: " + string.Join("; ", ex.Errors));
            return ExitCodes.Usage;
        }

        await using (server)
        {
            Console.WriteLine($"WsGate {WsGateServer.Version} started in {started.ElapsedMilliseconds} ms; store {server.StoreDescription}; node {server.NodeId}");
            Console.WriteLine($"  {server.SecretsDescription}");
            foreach (var line in server.DescribeListening())
            {
                Console.WriteLine("  " + line);
            }

            if (server.GeneratedAdminPassword is { } password)
            {
                Console.WriteLine();
                Console.WriteLine($"  First start: created admin user '{FirstStart.AdminUser}' with password {password}");
                Console.WriteLine($"  It is shown only this once. Set {ServerOptions.AdminPasswordVariable} before the first start to choose it.");
                Console.WriteLine();
            }

            Console.WriteLine("Press Ctrl+C to stop (open WebSockets are closed with 1001).");
            await server.WaitForShutdownAsync();
        }

        Console.WriteLine("WsGate stopped.");
        return ExitCodes.Ok;
    }
}
