using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace WsGate.Testing;

/// <summary>
/// A real PostgreSQL for tests: <c>initdb</c> into a temp folder, <c>pg_ctl start</c> on 127.0.0.1 and a free port with
/// its unix socket in that folder, stopped and deleted at the end. PostgreSQL refuses to run as root, so as root
/// (CI) the folder is given to the <c>postgres</c> user and every command runs through <c>runuser</c>. One server is
/// shared by a whole test assembly (<see cref="SharedAsync"/>); each test takes a database of its own from it.
/// A missing PostgreSQL fails the tests: <c>scripts/test.sh</c> installs it.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string OwnerFile = "owner.pid";
    private const string SuperUser = "wsgate";
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PostgresServer? _shared;
    private static int _databases;

    private readonly string _bin;
    private readonly bool _asPostgresUser;

    private PostgresServer(string bin, string folder, int port, bool asPostgresUser)
    {
        _bin = bin;
        Folder = folder;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public string Folder { get; }

    public int Port { get; private set; }

    private string DataFolder => Path.Combine(Folder, "data");

    /// <summary>The server shared by every test of this process, started on first use and stopped when the process exits.</summary>
    public static async Task<PostgresServer> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                var server = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAndDeleteDetached();
                _shared = server;
            }

            return _shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>Starts a server of its own, for a test that stops and restarts it.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBin();
        var asPostgres = Environment.UserName == "root";
        await RemoveOrphansAsync(bin, asPostgres);
        var folder = Directory.CreateTempSubdirectory("wsgate-pg-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var server = new PostgresServer(bin, folder, FreePort.Find(), asPostgres);
        try
        {
            if (asPostgres)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", folder]);
            }

            await server.RunToolAsync("initdb", ["-D", server.DataFolder, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
            await server.StartServerAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> as the superuser, over TCP on 127.0.0.1.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        Timeout = 5,
        Pooling = true,
    }.ToString();

    /// <summary>The same database as a <c>postgres://</c> URL, as an operator writes <c>--store</c>.</summary>
    public string Url(string database) => $"postgres://{SuperUser}@127.0.0.1:{Port}/{database}";

    /// <summary>Creates an empty database with a fresh name and returns the name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>Runs one statement on <paramref name="database"/> and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>Stops the server at once, as a crash or a lost network would look to its clients.</summary>
    public Task StopAsync() => RunToolAsync("pg_ctl", ["stop", "-D", DataFolder, "-m", "immediate", "-w"]);

    /// <summary>Starts the stopped server again on the same port and data.</summary>
    public Task StartAgainAsync() => StartServerAsync();

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
            }
        }

        // The server's last processes may still be exiting after pg_ctl returns: a few tries, then the next start's sweep.
        for (var attempt = 0; attempt < 20 && Directory.Exists(Folder); attempt++)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>
    /// At process exit there is little time: a shell of its own stops the server and deletes the folder after this
    /// process is gone. A folder left anyway (the machine stopped) is removed by the next start's sweep.
    /// </summary>
    private void StopAndDeleteDetached()
    {
        var pgCtl = Path.Combine(_bin, "pg_ctl");
        var stop = _asPostgresUser ? $"runuser -u postgres -- '{pgCtl}'" : $"'{pgCtl}'";
        var start = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{stop} stop -D '{DataFolder}' -m immediate -w >/dev/null 2>&1; rm -rf '{Folder}'");
        using var process = Process.Start(start);
    }

    private Task StartServerAsync() => RunToolAsync("pg_ctl",
    [
        "start", "-D", DataFolder, "-w", "-t", "60", "-l", Path.Combine(Folder, "server.log"),
        "-o", $"-p {Port} -k {Folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
    ]);

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments) => RunToolAsync(_bin, _asPostgresUser, tool, arguments);

    private static Task RunToolAsync(string bin, bool asPostgresUser, string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(bin, tool);
        return asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{await output}");
        }
    }

    /// <summary>The folder of <c>initdb</c> and <c>pg_ctl</c>: Debian keeps them in /usr/lib/postgresql/VERSION/bin, off the PATH.</summary>
    private static string FindBin()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin"))
            : [];
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return debian.Concat(path).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (no initdb/pg_ctl in /usr/lib/postgresql/*/bin or on PATH); run scripts/test.sh, which installs the Debian package 'postgresql'");
    }

    /// <summary>Stops and deletes servers left by test processes that died without cleaning up.</summary>
    private static async Task RemoveOrphansAsync(string bin, bool asPostgresUser)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "wsgate-pg-*"))
        {
            try
            {
                // A folder whose owner file is gone was half deleted by an exiting test process; a fresh one may still be starting.
                var ownerFile = Path.Combine(folder, OwnerFile);
                if (File.Exists(ownerFile)
                    ? ProcessAlive(int.Parse(File.ReadAllText(ownerFile), CultureInfo.InvariantCulture))
                    : Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-1))
                {
                    continue;
                }

                if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
                {
                    await RunToolAsync(bin, asPostgresUser, "pg_ctl", ["stop", "-D", Path.Combine(folder, "data"), "-m", "immediate", "-w"]);
                }

                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or ArgumentException)
            {
            }
        }
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
