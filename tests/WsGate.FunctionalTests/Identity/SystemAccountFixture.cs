using System.Diagnostics;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>
/// A real operating-system account for the <c>accounts: system</c> tests: a user and two groups made with
/// useradd/groupadd/chpasswd (the user is a member of one), a PAM service file checking them with pam_unix, and one
/// server. Needs root, as CI runs; it fails rather than skips without it. Everything it made is removed afterwards.
/// </summary>
public sealed class SystemAccountFixture : IAsyncLifetime
{
    public const string Password = "os-Pw-4h7k2m9x";
    public const string WsGatePassword = "wsgate-Pw-6d3s8q";

    private static readonly string Suffix = Guid.NewGuid().ToString("N")[..8];

    public string User { get; } = "wsgos" + Suffix;

    public string Group { get; } = "wsgate-os-" + Suffix;

    public string OtherGroup { get; } = "wsgate-none-" + Suffix;

    public string PamService { get; } = "wsgate-test-" + Suffix;

    public string PamFile => Path.Combine("/etc/pam.d", PamService);

    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(OperatingSystem.IsLinux(), "operating-system accounts are checked through Linux PAM");
        Assert.True(Environment.UserName == "root", "the system account tests create a user and must run as root (CI does)");
        await RunAsync("groupadd", Group);
        await RunAsync("groupadd", OtherGroup);
        await RunAsync("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", "--groups", Group, User);
        await RunWithInputAsync("chpasswd", $"{User}:{Password}\n");

        // What operators write as /etc/pam.d/wsgate (docs/identity.md): pam_unix checks /etc/shadow; nodelay because
        // WsGate's own failure guard paces wrong passwords.
        await File.WriteAllTextAsync(PamFile, "auth    required pam_unix.so nodelay\naccount required pam_unix.so\n");

        Server = await TestServer.StartAsync();
        await Server.ImportAsync("""
            identity:
              lockout:
                maxFailures: 0
                failureDelayMs: 0
            """);
        await Server.CreateUserAsync("webonly", WsGatePassword);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        File.Delete(PamFile);
        await RunAsync("userdel", User);
        await RunAsync("groupdel", Group);
        await RunAsync("groupdel", OtherGroup);
    }

    private static Task RunAsync(string program, params string[] arguments) => RunWithInputAsync(program, null, arguments);

    private static async Task RunWithInputAsync(string program, string? stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
    }
}
