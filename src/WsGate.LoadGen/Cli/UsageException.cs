namespace WsGate.LoadGen.Cli;

/// <summary>A bad command line; the message names the option and is printed as <c>error: ...</c> with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
