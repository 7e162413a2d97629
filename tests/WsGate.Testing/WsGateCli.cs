using System.Diagnostics;

namespace WsGate.Testing;

/// <summary>Runs one remote verb of the real <c>wsgate</c> binary against a <see cref="TestServer"/> and waits (60 s at most) for it to exit.</summary>
public static class WsGateCli
{
    public static Task<(int Exit, string Stdout, string Stderr)> RunCliAsync(this TestServer server, params string[] arguments) =>
        server.RunCliAsync(arguments, TestServer.AdminPassword);

    public static async Task<(int Exit, string Stdout, string Stderr)> RunCliAsync(this TestServer server, string[] arguments, string password, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "wsgate.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["WSGATE_SERVER"] = server.AdminAddress.ToString().TrimEnd('/');
        info.Environment["WSGATE_USER"] = "admin";
        info.Environment["WSGATE_PASSWORD"] = password;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
