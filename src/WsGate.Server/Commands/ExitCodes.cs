namespace WsGate.Server.Commands;

/// <summary>Exit codes of the <c>wsgate</c> command, documented in the README.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>WsGate could not start: the store is corrupt, locked or unreadable, or the admin port is taken.</summary>
    public const int StartFailed = 1;

    /// <summary>The command line or a configuration file is invalid.</summary>
    public const int Usage = 2;

    /// <summary>The admin API refused the request (its problem details are printed).</summary>
    public const int Refused = 3;

    /// <summary>The admin API could not be reached.</summary>
    public const int Unreachable = 4;

    /// <summary><c>client test</c> found the WebSocket server not working.</summary>
    public const int TestFailed = 5;

    /// <summary><c>replay</c> got answers that differ from the capture's.</summary>
    public const int Differences = 6;
}
