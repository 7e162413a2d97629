namespace WsGate.LoadGen.Cli;

public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The run finished but something failed: connections refused, errors in the loop, an unclean close.</summary>
    public const int RunFailed = 1;

    public const int Usage = 2;
}
