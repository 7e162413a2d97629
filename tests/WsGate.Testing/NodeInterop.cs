using System.Diagnostics;

namespace WsGate.Testing;

/// <summary>
/// Where the Node <c>ws</c> interop scripts live (<c>tests/interop</c>) and how to start them. Node and the npm packages
/// are installed by <c>scripts/test.sh</c>; when they are missing, tests fail with a message that says so, never skip.
/// </summary>
public static class NodeInterop
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    /// <summary>The <c>tests/interop</c> folder of the repository these tests were built from.</summary>
    public static string InteropFolder => Folder.Value;

    /// <summary>Starts <c>node &lt;script&gt; args...</c> in <see cref="InteropFolder"/> with all three standard streams redirected.</summary>
    public static Process Start(string script, params string[] arguments)
    {
        var node = FindNode() ?? throw new InvalidOperationException(
            "node is not installed (it is not on PATH): run scripts/test.sh, which installs Node.js and the tests/interop npm packages");
        if (!Directory.Exists(Path.Combine(InteropFolder, "node_modules", "ws")))
        {
            throw new InvalidOperationException(
                $"the npm packages of {InteropFolder} are not installed: run scripts/test.sh (or npm ci --prefix tests/interop)");
        }

        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = InteropFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(InteropFolder, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"node {script} did not start");
    }

    private static string? FindNode()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "node.exe" : "node"))
            .FirstOrDefault(File.Exists);
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WsGate.slnx")))
            {
                return Path.Combine(dir.FullName, "tests", "interop");
            }
        }

        throw new InvalidOperationException($"no WsGate.slnx above {AppContext.BaseDirectory}: the interop tests run from a build inside the repository");
    }
}
