namespace WsGate.Server.Commands;

/// <summary>Exit codes of the <c>wsgate</c> command, documented in the README.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>WsGate could not start: the store is corrupt, locked or unreadable, or the admin port is taken.</summary>
    public const int StartFailed = 1;

    /// <summary>The command line or a configuration file is invalid.</summary>
    public const int Usage = 2;
}
