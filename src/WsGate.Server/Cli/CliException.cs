namespace WsGate.Server.Cli;

/// <summary>A command failed in a way the user should read; <see cref="ExitCode"/> is one of <see cref="Commands.ExitCodes"/>.</summary>
internal sealed class CliException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
